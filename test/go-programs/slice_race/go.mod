module racelens.test/slice_race

go 1.19
