//! A line of text being typed, with a cursor: the commit form's branch and
//! message, and the path filter's query. Editing only; which keys do what
//! is the keymap's business, and drawing the view's.

/// Text and where typing goes in it, in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    cursor: usize,
}

impl TextField {
    /// `text` with the cursor at its end.
    pub fn new(text: impl Into<String>) -> Self {
        let mut field = TextField {
            text: text.into(),
            cursor: 0,
        };
        field.end();
        field
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Where typing goes, in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Insert `c` at the cursor.
    pub fn insert(&mut self, c: char) {
        let byte = self.byte(self.cursor);
        self.text.insert(byte, c);
        self.cursor += 1;
    }

    /// Delete the character before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.cursor - 1;
        if let Some((byte, _)) = self.text.char_indices().nth(at) {
            self.text.remove(byte);
            self.cursor = at;
        }
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        self.move_to(self.cursor.saturating_sub(1));
    }

    pub fn right(&mut self) {
        self.move_to(self.cursor + 1);
    }

    pub fn home(&mut self) {
        self.move_to(0);
    }

    pub fn end(&mut self) {
        self.move_to(usize::MAX);
    }

    fn move_to(&mut self, to: usize) {
        self.cursor = to.min(self.text.chars().count());
    }

    fn byte(&self, at: usize) -> usize {
        self.text
            .char_indices()
            .nth(at)
            .map_or(self.text.len(), |(i, _)| i)
    }
}

impl PartialEq<str> for TextField {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for TextField {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for TextField {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_goes_where_the_cursor_is_in_characters() {
        let mut f = TextField::new("héllo");
        assert_eq!(f.cursor(), 5);
        f.left();
        f.left();
        f.insert('X');
        assert_eq!(f, "hélXlo");
        f.home();
        f.backspace();
        f.insert('_');
        f.right();
        f.backspace();
        assert_eq!(f, "_élXlo");
        f.end();
        f.right();
        assert_eq!(f.cursor(), 6);
        f.clear();
        assert!(f.is_empty() && f.cursor() == 0);
    }
}
