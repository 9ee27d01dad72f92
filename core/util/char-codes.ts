/**
 * The character codes the hand-written scanners compare against (CSV fields, field rules, KML
 * coordinates), named once so `c === Char.COMMA` reads as what it means. std.
 */
export const Char = {
  TAB: 9,
  LF: 10,
  CR: 13,
  SPACE: 32,
  QUOTE: 34,
  HASH: 35,
  DOLLAR: 36,
  PAREN_OPEN: 40,
  PAREN_CLOSE: 41,
  PLUS: 43,
  COMMA: 44,
  MINUS: 45,
  DOT: 46,
  SLASH: 47,
  DIGIT_0: 48,
  DIGIT_9: 57,
  COLON: 58,
  SEMICOLON: 59,
  QUESTION: 63,
  UPPER_A: 65,
  UPPER_Z: 90,
  BRACKET_OPEN: 91,
  LOWER_A: 97,
  LOWER_E: 101,
  LOWER_H: 104,
  LOWER_P: 112,
  LOWER_S: 115,
  LOWER_T: 116,
  LOWER_Z: 122,
  PIPE: 124,
  DEL: 127,
  /** No-break space: the first non-ASCII white space `String.prototype.trim` removes. */
  NBSP: 160,
  POUND: 163,
  YEN: 165,
  EURO: 8364,
  /** OR-ing this into an ASCII letter's code gives the lower-case letter. */
  ASCII_LOWER_BIT: 0x20,
} as const;
