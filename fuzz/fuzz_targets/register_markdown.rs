#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isms::testing::fuzzing::register(isms::config::Format::Markdown, data));
