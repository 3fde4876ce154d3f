package lang

func collLib() []*Builtin { return nil }
