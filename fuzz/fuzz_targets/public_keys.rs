#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isms::fuzzing::public_keys(data));
