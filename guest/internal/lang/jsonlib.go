package lang

func jsonLib() []*Builtin { return nil }
