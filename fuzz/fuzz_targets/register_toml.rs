#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isms::fuzzing::register(isms::config::Format::Toml, data));
