//! Fuzz target: see `folio::fuzzing::decode_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| folio::fuzzing::decode_parse(data));
