module racelens.test/map_race

go 1.19
