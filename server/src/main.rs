fn main() -> std::process::ExitCode {
    tandem::main()
}
