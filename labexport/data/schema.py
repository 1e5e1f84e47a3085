"""Pandera schema of the facts table."""

from __future__ import annotations

import pandera.pandas as pa

from labexport.core.fact import MEASURES, QUALIFIERS, SEXES
from labexport.core.markets import ALL, registry
from labexport.core.provinces import NATIONAL, PROVINCES
from labexport.data.prefer import OBS_STATUS


def facts_schema() -> pa.DataFrameSchema:
    """Return the schema every facts table must satisfy.

    Identities that real bulletins sometimes break (female <= total, year to
    date never falling) are not schema rules: ``labexport check`` reports them
    with their sources instead of refusing the data.
    """
    markets = [ALL, *registry()]
    return pa.DataFrameSchema(
        {
            "source": pa.Column(str, pa.Check.str_length(min_value=1)),
            "published": pa.Column(str, pa.Check.str_matches(r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")),
            "lang": pa.Column(str),
            "scope": pa.Column(str, pa.Check.isin([NATIONAL, *PROVINCES])),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
            "month_from": pa.Column(int, pa.Check.in_range(1, 12)),
            "month_to": pa.Column(int, pa.Check.in_range(1, 12)),
            "measure": pa.Column(str, pa.Check.isin(MEASURES)),
            "market": pa.Column(str, pa.Check.isin(markets)),
            "sex": pa.Column(str, pa.Check.isin(SEXES)),
            "value": pa.Column(float, pa.Check.ge(0)),
            "qualifier": pa.Column(str, pa.Check.isin(QUALIFIERS)),
            "quote": pa.Column(str, nullable=True),
            # Added by labexport.data.prefer once sources are resolved (a built dataset).
            "obs_status": pa.Column(str, pa.Check.isin(list(OBS_STATUS)), required=False),
            "first_value": pa.Column(float, pa.Check.ge(0), required=False),
        },
        checks=[
            pa.Check(lambda df: df["month_from"] <= df["month_to"], error="month_from <= month_to"),
            pa.Check(
                lambda df: (df["measure"] != "attainment_pct") | (df["value"] <= 1000),
                error="a % of plan is at most 1000",
            ),
        ],
        strict=False,
        coerce=True,
    )
