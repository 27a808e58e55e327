//! Compressed files read as their text: gzip, zstd and bzip2, every member or frame of a file in turn, as `zcat` reads them.

use super::kind::{Compression, FileKind};
use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use std::io::{self, BufRead, BufReader, Read};

/// A file's bytes as its text: through the decoder of its compression, if it has one.
pub fn inflated<R: Read + 'static>(file: R, kind: FileKind) -> io::Result<Box<dyn Read>> {
    Ok(match kind.compression {
        None => Box::new(file),
        Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(file)),
        Some(Compression::Bzip2) => Box::new(bzip2::read::MultiBzDecoder::new(file)),
        Some(Compression::Zstd) => {
            Box::new(Zstd { source: BufReader::new(file), decoder: FrameDecoder::new(), in_frame: false })
        }
    })
}

/// zstd's frames one after another, as `zstdcat` reads them: `zstd` writes one, `cat a.zst
/// b.zst` several, and `pzstd` puts a skippable frame before each; each frame's checksum, when
/// it has one, is checked.
struct Zstd<R: BufRead> {
    source: R,
    decoder: FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> Read for Zstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let broken = |e: FrameDecoderError| io::Error::other(format!("not zstd: {e}"));
        loop {
            if self.in_frame {
                if self.decoder.can_collect() > 0 {
                    return self.decoder.read(buf);
                }
                if self.decoder.is_finished() {
                    self.in_frame = false;
                    let (said, made) = (self.decoder.get_checksum_from_data(), self.decoder.get_calculated_checksum());
                    if let (Some(said), Some(made)) = (said, made)
                        && said != made
                    {
                        return Err(io::Error::other("a zstd frame fails its checksum"));
                    }
                    continue;
                }
                self.decoder.decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1)).map_err(broken)?;
                continue;
            }
            if self.source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            match self.decoder.reset(&mut self.source) {
                Ok(()) => self.in_frame = true,
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame { length, .. })) => {
                    io::copy(&mut (&mut self.source).take(u64::from(length)), &mut io::sink())?;
                }
                Err(e) => return Err(broken(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(compression: Compression) -> FileKind {
        FileKind { kind: super::super::kind::Kind::Text, compression: Some(compression), sniff: false, extension: 0 }
    }

    fn read(bytes: Vec<u8>, compression: Compression) -> io::Result<String> {
        let mut text = String::new();
        inflated(io::Cursor::new(bytes), kind(compression))?.read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn each_compression_reads_every_member_or_frame_of_a_file() {
        use std::io::Write;
        let gzip = |text: &str| {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let bzip2 = |text: &str| {
            let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let zstd = |text: &str| {
            ruzstd::encoding::compress_to_vec(text.as_bytes(), ruzstd::encoding::CompressionLevel::Fastest)
        };
        for (compression, pack) in [
            (Compression::Gzip, &gzip as &dyn Fn(&str) -> Vec<u8>),
            (Compression::Bzip2, &bzip2),
            (Compression::Zstd, &zstd),
        ] {
            let mut two = pack("Title\n\nFirst part. ");
            if compression == Compression::Zstd {
                // pzstd's skippable frame: magic 0x184D2A50, a length, that many bytes.
                two.extend([0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 1, 2, 3, 4]);
            }
            two.extend(pack("Second part.\n"));
            assert_eq!(read(two, compression).unwrap(), "Title\n\nFirst part. Second part.\n", "{compression:?}");
            assert_eq!(read(Vec::new(), compression).unwrap_or_default(), "", "{compression:?}: an empty file");
            assert!(read(b"plain words, not compressed".to_vec(), compression).is_err(), "{compression:?}");
        }
    }
}
