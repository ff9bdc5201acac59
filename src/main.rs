fn main() {
    std::process::exit(canon::run(std::env::args_os()));
}
