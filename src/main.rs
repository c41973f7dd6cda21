fn main() {
    ezmdm_portal::start();
}
