module racelens.test/testrace

go 1.19
