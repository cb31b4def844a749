"""Reading the CSV files: every malformed input is reported with its line number."""

from __future__ import annotations

import pytest

from ruamkan.sortition.lib import InputFileError, parse_features, parse_people

FEATURES = """feature,value,min,max
gender,female,2,3
gender,male,2,3
age,young,1,4
age,old,1,4
"""


def test_reads_both_files_case_insensitively_with_bom_and_extra_columns():
    features = parse_features(
        "\ufeffFeature,Value,Min,Max,min_flex\ngender,female,1,2,0\ngender,male,1,2,0\n"
    )
    assert features.names == ["gender"]
    assert [q.label for q in features.all_quotas()] == ["gender=female", "gender=male"]
    pool = parse_people("ID,name,Gender\n7, Somchai ,MALE\n9,Aminah, female \n", features)
    assert pool.ids == ["7", "9"]
    assert pool.values == [("male",), ("female",)]
    assert pool.lines == [2, 3]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("feature,value,min,max\ngender,female,1,2\ngender,male,one,2\n", 3, "not a whole number"),
        ("feature,value,min,max\ngender,female,3,2\n", 2, "greater than max"),
        (
            "feature,value,min,max\ngender,female,1,2\ngender,Female,1,2\n",
            3,
            "listed twice (first on line 2)",
        ),
        ("feature,value,min,max\ngender,female,-1,2\n", 2, "negative"),
        ("feature,value,min,max\ngender,,1,2\n", 2, "must not be empty"),
        ("feature,value,min\ngender,female,1\n", 1, "missing: max"),
        ("feature,value,min,max\ngender,female,1,2,9\n", 2, "expected 4 columns"),
        ("", 1, "empty"),
    ],
)
def test_malformed_features_name_the_line(text, line, fragment):
    with pytest.raises(InputFileError) as info:
        parse_features(text, name="features.csv")
    problem = info.value.problems[0]
    assert problem.line == line
    assert fragment in problem.message
    assert f"features.csv: line {line}:" in str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("id,gender,age\n1,female,young\n2,other,old\n", 3, "'other', which is not a value"),
        ("id,gender,age\n1,female,young\n1,male,old\n", 3, "appears again (first on line 2)"),
        ("id,gender,age\n1,female,young\n,male,old\n", 3, "id is empty"),
        ("id,gender\n1,female\n", 1, "feature 'age'"),
        ("who,gender,age\n1,female,young\n", 1, "'id' column"),
        ("id,gender,age\n1,female\n", 2, "expected 3 columns"),
        ('id,gender,age\n1,"female,young\n', 2, "not valid CSV"),
    ],
)
def test_malformed_people_name_the_line(text, line, fragment):
    features = parse_features(FEATURES)
    with pytest.raises(InputFileError) as info:
        parse_people(text, features)
    assert info.value.problems[0].line == line
    assert fragment in info.value.problems[0].message


def test_all_problems_in_a_file_are_reported_at_once():
    features = parse_features(FEATURES)
    with pytest.raises(InputFileError) as info:
        parse_people("id,gender,age\n1,female,young\n2,x,old\n3,male,y\n", features)
    assert [p.line for p in info.value.problems] == [3, 4]
