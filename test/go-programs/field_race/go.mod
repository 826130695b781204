module racelens.test/field_race

go 1.19
