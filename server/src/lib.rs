//! The `tandem` application: command-line interface (and, later, the HTTP server).
