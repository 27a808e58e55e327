//! What the user may change: keys, styles and the mouse, as one value the app carries.

use crate::keymap::Keymap;
use crate::theme::Theme;

/// Everything configurable, defaulting to folio's built-in keys and monochrome styles. Key
/// resolution, the help overlay, the footer and render all read it from the app.
#[derive(Debug, Clone)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Wheel scrolling and click-to-select (the terminal's own selection then needs Shift).
    pub mouse: bool,
    /// folio puts right-to-left text in display order itself; off for terminals that reorder
    /// (VTE, Konsole, mlterm), which would otherwise reorder it twice.
    pub bidi: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { keymap: Keymap::default(), theme: Theme::default(), mouse: false, bidi: true }
    }
}
