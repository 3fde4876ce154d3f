package lang

func ptcLib() []*Builtin { return nil }
