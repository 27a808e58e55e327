//! Deterministic generated news titles and articles, for benchmarks and scale tests.

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same corpus everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const NAMES: &[&str] = &[
    "Blair",
    "Brown",
    "Sony",
    "Google",
    "Microsoft",
    "Apple",
    "Nintendo",
    "Obama",
    "Merkel",
    "Tesla",
    "NASA",
    "Chelsea",
    "Arsenal",
    "BBC",
    "Reuters",
    "Toyota",
    "Samsung",
    "Amazon",
    "EU",
    "UN",
    "Kim Jong-un",
    "Putin",
    "Macron",
    "Renée Zellweger",
    "Beyoncé",
    "José Mourinho",
    "Nokia",
    "IBM",
    "Intel",
    "Airbus",
];
const VERBS: &[&str] = &[
    "wins",
    "backs",
    "rejects",
    "hails",
    "warns",
    "blasts",
    "buys",
    "sells",
    "launches",
    "cuts",
    "plans",
    "faces",
    "denies",
    "confirms",
    "delays",
    "unveils",
    "sues",
    "joins",
    "quits",
    "defends",
    "signs",
    "calls for",
];
const NOUNS: &[&str] = &[
    "deal", "profit", "election", "budget", "talks", "hack", "report", "tax", "strike", "merger", "record", "pictures",
    "album", "film", "season", "final", "crisis", "reform", "shares", "chip", "phone", "console", "network", "summit",
    "inquiry", "ban", "rally", "plan", "vote", "growth",
];
const EXTRAS: &[&str] = &[
    "after", "amid", "over", "in", "for", "with", "despite", "as", "before", "–", "’s", "new", "big", "UK", "US",
    "2005", "£15m", "$1bn", "(update)", "'first'", "東京", "北京", "市場", "café", "naïve",
];

/// A headline of 5 to 15 words: mixed case, punctuation, some non-ASCII.
pub fn title(rng: &mut Rng) -> String {
    let words = 5 + rng.below(11);
    let mut parts = vec![rng.pick(NAMES), rng.pick(VERBS), rng.pick(NOUNS)];
    while parts.len() < words {
        let list = [NAMES, VERBS, NOUNS, EXTRAS, EXTRAS][rng.below(5)];
        parts.push(rng.pick(list));
    }
    let mut title = parts.join(" ");
    if rng.below(10) == 0 {
        title = title.to_uppercase();
    }
    title
}

/// `count` titles from `seed`.
pub fn titles(seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| title(&mut rng)).collect()
}

/// An article file's text: a title, then 3 to 8 paragraphs of 2 to 6 sentences.
pub fn article(rng: &mut Rng) -> String {
    let mut text = title(rng);
    for _ in 0..3 + rng.below(6) {
        text.push_str("\n\n");
        let sentences: Vec<String> = (0..2 + rng.below(5)).map(|_| format!("{}.", title(rng))).collect();
        text.push_str(&sentences.join(" "));
    }
    text.push('\n');
    text
}

/// A folder of `count` generated articles in subfolders of a thousand, made once: kept (and
/// marked complete) between runs.
pub fn article_folder(dir: &std::path::Path, count: usize) -> std::path::PathBuf {
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(dir);
        let mut rng = Rng::new(100);
        for i in 0..count {
            let sub = dir.join(format!("{:03}", i / 1000));
            if i % 1000 == 0 {
                std::fs::create_dir_all(&sub).unwrap();
            }
            std::fs::write(sub.join(format!("{i}.txt")), article(&mut rng)).unwrap();
        }
        std::fs::write(&done, "").unwrap();
    }
    dir.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_titles() {
        assert_eq!(titles(7, 50), titles(7, 50));
        assert_ne!(titles(7, 50), titles(8, 50));
        let all = titles(1, 2000);
        assert!(all.iter().all(|t| (5..=40).contains(&t.split(' ').count())));
        assert!(all.iter().any(|t| !t.is_ascii()));
        assert!(all.iter().any(|t| t.chars().any(|c| c.is_uppercase())));
    }
}
