package lang

func stringLib() []*Builtin { return nil }
