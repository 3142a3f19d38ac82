module todo-chatbot/toolchain/slug-ls

go 1.25

require github.com/hashicorp/go-slug v1.0.0

require golang.org/x/sys v0.36.0 // indirect
