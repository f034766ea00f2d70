"""Writing dates as exactly as the data know them, in both calendars.

One formatter for every lesson: a date known to the day reads "3 Mar 1918", one known to the month "Mar 1918",
one known to the year "1918", and an event before Russia's switch to the Gregorian calendar can carry its Old
Style day: "7 Nov 1917 (O.S. 25 Oct)". Month names are spelled here rather than by ``strftime``, whose ``%-d`` and
``%b`` depend on the platform and the locale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leningov.calendar import MONTHS

MONTHS_SHORT = [m[:3] for m in MONTHS]
PRECISIONS = ("day", "month", "year")


def _precision(precision) -> str:
    if precision is None or (not isinstance(precision, str) and pd.isna(precision)):
        return "day"
    precision = str(precision)
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return precision


def format_date(value, precision="day", date_os=None, long: bool = False) -> str:
    """A date written only as exactly as it is known, with its Old Style day where one is given.

    ``format_date("1917-11-07", "day", "1917-10-25")`` gives "7 Nov 1917 (O.S. 25 Oct)"; ``long=True`` spells the
    month out ("7 November 1917"). A missing date gives "" (never "NaT"), so tables print blanks.
    """
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value)
    months = MONTHS if long else MONTHS_SHORT
    precision = _precision(precision)
    if precision == "year":
        text = str(day.year)
    elif precision == "month":
        text = f"{months[day.month - 1]} {day.year}"
    else:
        text = f"{day.day} {months[day.month - 1]} {day.year}"
    if date_os is not None and not pd.isna(date_os) and precision == "day":
        old = pd.Timestamp(date_os)
        text += f" (O.S. {old.day} {months[old.month - 1]}{'' if old.year == day.year else f' {old.year}'})"
    return text


def format_dates(dates, precisions=None, dates_os=None, long: bool = False) -> list[str]:
    """``format_date`` for whole columns: ``format_dates(events["date"], events["date_precision"])``."""
    dates = list(dates)
    precisions = ["day"] * len(dates) if precisions is None else list(precisions)
    dates_os = [None] * len(dates) if dates_os is None else list(dates_os)
    return [format_date(d, p, o, long) for d, p, o in zip(dates, precisions, dates_os, strict=True)]


def date_span(value, precision="day") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a partial date may mean: "Mar 1918" spans 1-31 March, "1918" the whole year.

    A timeline draws such a date as a bar across this span, so that an event known only to the month is not
    drawn on the 1st, before events of the same month known to the day.
    """
    start = pd.Timestamp(value)
    precision = _precision(precision)
    if precision == "year":
        return start, start + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    if precision == "month":
        return start, start + pd.DateOffset(months=1) - pd.Timedelta(days=1)
    return start, start


def date_spans(dates, precisions) -> tuple[pd.Series, pd.Series]:
    """``date_span`` for whole columns at once (fast enough for a widget redrawing hundreds of events)."""
    starts = pd.to_datetime(pd.Series(list(dates))).to_numpy(dtype="datetime64[ns]")
    precision = pd.Series(list(precisions), dtype=object).fillna("day").to_numpy()
    ends = starts.copy()
    for unit in ("month", "year"):
        rows = precision == unit
        period = starts[rows].astype("datetime64[M]" if unit == "month" else "datetime64[Y]")
        ends[rows] = (period + 1).astype("datetime64[D]") - np.timedelta64(1, "D")  # the period's last day
    return pd.Series(starts), pd.Series(ends)


def month_label(value) -> str:
    """"Nov 1917": the month of a date, for sliders and axis ticks."""
    return format_date(value, "month")


def half_year(dates: pd.Series) -> pd.Series:
    """'1919 Jan-Jun' or '1919 Jul-Dec' for each date of a column: a period label for counting by half-year."""
    labels = dates.dt.year.astype("Int64").astype("string") + pd.Series(
        ["" if pd.isna(m) else " Jan-Jun" if m <= 6 else " Jul-Dec" for m in dates.dt.month], index=dates.index
    )
    return labels.astype(object).where(dates.notna(), None)


def month_options(start="1917-11-01", end="1924-01-01", step: int = 1) -> list[tuple[str, str]]:
    """("Nov 1917", "1917-11-01") pairs for the first of every ``step``-th month, for a date slider or drop-down."""
    days = pd.date_range(start, end, freq=f"{step}MS")
    return [(month_label(d), d.date().isoformat()) for d in days]


def month_axis(axis, every: int = 3) -> None:
    """Label a date axis (``ax.xaxis``) with "Jan 1918"-style ticks every ``every`` months.

    matplotlib's own ``DateFormatter("%b %Y")`` would write the month in the machine's language.
    """
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    # January, April, July, October for every=3; a step that does not divide the year just counts months
    by = {"bymonth": range(1, 13, every)} if 12 % every == 0 else {"interval": every}
    axis.set_major_locator(mdates.MonthLocator(**by))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: month_label(mdates.num2date(value))))
