module godebuglab/examples

go 1.19
