package lang

func seqLib() []*Builtin { return nil }
