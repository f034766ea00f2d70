"""The course's look: colours that keep one meaning across lessons, and matplotlib settings.

Call ``use_course_style()`` once, in a lesson's setup cell.
"""

from __future__ import annotations

import matplotlib as mpl

from leningov.alt_text import register_alt_text

#: Colours that keep one meaning across lessons (colour-blind-safe, after Okabe and Ito).
THEME_COLOURS = {
    "power": "#0072B2",
    "economy": "#E69F00",
    "terror": "#000000",
    "civil_war": "#D55E00",
    "foreign_policy": "#009E73",
    "succession": "#CC79A7",
    "society": "#56B4E9",
}
BLOC_COLOURS = {
    "socialist": "#D55E00",
    "liberal": "#0072B2",
    "national": "#009E73",
    "conservative": "#555555",
    "other": "#BBBBBB",
}
#: One colour per institution (bodies.csv), so that a body keeps its colour in every figure: Okabe-Ito first, then
#: Paul Tol's muted colours.
BODY_COLOURS = {
    "politburo": "#D55E00",
    "orgburo": "#E69F00",
    "secretariat": "#CC79A7",
    "party_cc": "#F0E442",
    "sovnarkom": "#0072B2",
    "sto": "#56B4E9",
    "revvoensovet": "#009E73",
    "cheka": "#000000",
    "vtsik": "#999999",
    "comintern": "#882255",
    "vsnkh": "#44AA99",
    "soviet": "#AA4499",
    "other": "#DDDDDD",
}
SEQUENCE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=SEQUENCE),
    "legend.frameon": False,
    "svg.hashsalt": "leningov",
    "figure.max_open_warning": 0,
}


def use_course_style() -> None:
    """Apply the course's plot settings (call once, in the setup cell).

    In a notebook it also makes every figure carry alt text (its titles and axis labels), which ``make execute``
    hands to the book so that images are described to screen-reader users.
    """
    mpl.rcParams.update(RC)
    register_alt_text()
