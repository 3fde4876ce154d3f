package lang

func regexLib() []*Builtin { return nil }
