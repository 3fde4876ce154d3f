package lang

func interopLib() []*Builtin { return nil }
