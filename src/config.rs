//! What the user may change: keys, styles and the mouse, as one value the app carries.

use crate::keymap::Keymap;
use crate::theme::Theme;

/// Everything configurable, defaulting to folio's built-in keys and monochrome styles. Key
/// resolution, the help overlay, the footer and render all read it from the app.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Wheel scrolling and click-to-select (the terminal's own selection then needs Shift).
    pub mouse: bool,
}
