package lang

func mapLib() []*Builtin { return nil }
