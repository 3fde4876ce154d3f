package lang

func mathLib() []*Builtin { return nil }
