module racelens.test/atomic_mix

go 1.19
