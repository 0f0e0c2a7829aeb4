"""The data package: valid, every row sourced, names curated, and clear messages when broken."""

from __future__ import annotations

import csv
import json
import unicodedata

import pandas as pd
import pytest

from lessons.core import data
from lessons.core.errors import DataError
from lessons.viz import maps

from conftest import DATA


@pytest.fixture()
def broken(data_copy):
    return data_copy


def _descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _rewrite(path, edit):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_package_is_valid_without_cache():
    data.validate(DATA, use_cache=False)


def test_every_resource_has_schema_descriptions_and_a_source_column():
    descriptor = _descriptor()
    assert descriptor["asOf"]
    for res in descriptor["resources"]:
        assert set(res["descriptions"]) == {"vi", "en"} and all(res["descriptions"].values())
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        assert res["schema"]["primaryKey"], res["name"]
        for f in fields.values():
            assert set(f["descriptions"]) == {"vi", "en"}, (res["name"], f["name"])
        # checks.csv records when the other rows were checked: its rows' sources are those rows' own
        if res["name"] not in ("sources", "checks"):
            if "source_ids" in fields:  # several sources per row: each one checked against sources.csv
                assert fields["source_ids"]["constraints"]["required"], res["name"]
                assert fields["source_ids"][data.LIST_REFERENCE] == {"resource": "sources", "field": "id"}
            else:
                assert "source_id" in fields and fields["source_id"]["constraints"]["required"], res["name"]
                refs = [fk for fk in res["schema"]["foreignKeys"] if fk["fields"] == ["source_id"]]
                assert refs and refs[0]["reference"] == {"resource": "sources", "fields": ["id"]}


def test_every_row_source_resolves_and_every_source_is_used():
    from lessons.core.sourcing import prose_source_ids

    sources = set(data.load("sources")["id"])
    used = {sid for ids in prose_source_ids().values() for sid in ids}
    for res in _descriptor()["resources"]:
        if res["name"] == "sources":
            continue
        frame = data.load(res["name"])
        for column in [c for c in frame.columns if c.endswith("source_id")]:
            if column == "source_id":
                assert frame[column].notna().all(), (res["name"], column)
            present = set(frame[column].dropna())
            assert present <= sources, (res["name"], column, present - sources)
            used |= present
        if "source_ids" in frame.columns:
            parts = {p for cell in frame["source_ids"] for p in cell.split(";")}
            assert parts <= sources, (res["name"], parts - sources)
            used |= parts
    assert used <= sources
    assert sources == used, f"unused sources: {sources - used}"


def test_sources_have_access_dates_and_web_addresses():
    sources = data.load("sources")
    assert sources["date_accessed"].notna().all()
    online = sources[sources["kind"] != "course"]
    assert online["url"].str.match(r"^https?://[^ ]+$").all(), list(
        online.loc[~online["url"].str.match(r"^https?://[^ ]+$"), "id"]
    )


def test_claims_cover_every_kind_and_attribute_every_accusation():
    claims = data.load("claims")
    assert set(claims["kind"]) == {"statement", "accusation", "analysis", "plan"}
    assert len(claims) >= 10 and claims["order"].is_unique
    accusations = claims[claims["kind"] == "accusation"]
    assert accusations["response_en"].notna().all() and accusations["response_vi"].notna().all()
    statuses = data.load("statuses")  # the one status table (tests/test_statuses.py checks every table)
    assert claims["status"].isin(statuses.loc[statuses["scale"] == "evidence", "id"]).all()


def test_places_include_every_place_the_article_names():
    places = data.load("places")
    named = set(places.loc[places["in_article"], "name_en"])
    assert {
        "Ashgabat",
        "Tehran",
        "Moscow",
        "Kazan",
        "Turkmenistan",
        "Iran",
        "Russia",
        "Israel",
        "United States",
        "Ukraine",
        "Syria",
    } <= named
    assert places["lat"].between(-90, 90).all() and places["lon"].between(-180, 180).all()


def test_country_names_cover_the_map_and_use_todays_vietnamese():
    countries = data.load("countries").set_index("iso3")
    assert maps.map_country_ids() <= set(countries.index)
    expected = {
        "IRN": "Iran",
        "RUS": "Nga",
        "USA": "Hoa Kỳ",
        "UKR": "Ukraine",
        "TKM": "Turkmenistan",
        "IND": "Ấn Độ",
        "CHN": "Trung Quốc",
        "VNM": "Việt Nam",
    }
    for code, name in expected.items():
        assert countries.loc[code, "name_vi"] == name
    archaic = ("Ba Tư", "U-cờ-rai-na", "Tuốc-mê-ni-xtanh", "Ấn-độ")
    assert not countries["name_vi"].str.contains("|".join(archaic)).any()


def test_all_text_is_nfc_unicode():
    for path in DATA.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, path.name


def test_load_returns_typed_columns():
    claims = data.load("claims")
    assert pd.api.types.is_datetime64_any_dtype(claims["date"])
    assert str(claims["order"].dtype) == "Int64"
    assert str(data.load("places")["in_article"].dtype) == "boolean"


# --- broken files: the message names the file, the column and the row ---------------


def test_missing_file_is_named(broken):
    (broken / "claims.csv").unlink()
    with pytest.raises(DataError) as err:
        data.load("claims")
    assert "claims.csv" in str(err.value)


def test_bad_allowed_value_names_file_column_and_row(broken):
    def edit(rows):
        col = rows[0].index("status")
        rows[3][col] = "rumoured"  # file line 4

    _rewrite(broken / "claims.csv", edit)
    with pytest.raises(DataError) as err:
        data.load("claims")
    e = err.value
    assert (e.column, e.row) == ("status", 4)
    assert "claims.csv" in str(e) and "status" in str(e) and "4" in str(e) and "rumoured" in str(e)


def test_bad_type_names_file_column_and_row(broken):
    def edit(rows):
        rows[2][rows[0].index("lat")] = "north"

    _rewrite(broken / "places.csv", edit)
    with pytest.raises(DataError) as err:
        data.load("places")
    assert (err.value.file.endswith("places.csv"), err.value.column, err.value.row) == (True, "lat", 3)


def test_unknown_source_id_is_reported(broken):
    def edit(rows):
        rows[5][rows[0].index("source_id")] = "no_such_source"

    _rewrite(broken / "claims.csv", edit)
    with pytest.raises(DataError) as err:
        data.load("claims")
    assert err.value.row == 6 and "source_id" in str(err.value) and "no_such_source" in str(err.value)


def test_missing_column_is_named(broken):
    def edit(rows):
        col = rows[0].index("kind")
        for row in rows:
            del row[col]

    _rewrite(broken / "claims.csv", edit)
    with pytest.raises(DataError) as err:
        data.load("claims")
    assert "claims.csv" in str(err.value) and "kind" in str(err.value)


def test_broken_json_descriptor_is_named(broken):
    (broken / "datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError) as err:
        data.load("claims")
    assert "datapackage.json" in str(err.value)


def test_unknown_resource_lists_the_known_ones(broken):
    with pytest.raises(DataError) as err:
        data.load("claimz")
    assert "claims" in str(err.value) and "claimz" in str(err.value)


def test_messages_follow_the_course_language(broken):
    import lessons.core.config as config

    def edit(rows):
        rows[3][rows[0].index("status")] = "rumoured"

    _rewrite(broken / "claims.csv", edit)
    config.set_language("vi")
    try:
        with pytest.raises(DataError) as err:
            data.load("claims")
        assert "cột “status”" in str(err.value) and "dòng 4" in str(err.value)
    finally:
        config.set_language("en")


def test_fixing_the_file_makes_it_load_again(broken):
    original = (broken / "claims.csv").read_text(encoding="utf-8")
    (broken / "claims.csv").write_text(original.replace(",confirmed,", ",rumoured,", 1), encoding="utf-8")
    with pytest.raises(DataError):
        data.load("claims")
    (broken / "claims.csv").write_text(original, encoding="utf-8")
    assert len(data.load("claims")) == len(pd.read_csv(DATA / "claims.csv"))
