package lang

// specialDocs are the catalogue entries of the special forms and macros.
var specialDocs = []*Doc{}
