module racelens.test/closure_race

go 1.19
