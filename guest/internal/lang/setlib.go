package lang

func setLib() []*Builtin { return nil }
