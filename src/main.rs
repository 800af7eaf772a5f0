//! Entry point of the web app: installs the crash banner and mounts the shell.

fn main() {
    sdlab::run();
}
