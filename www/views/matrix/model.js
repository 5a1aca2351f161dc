// Matrix helpers without DOM (read by the tests in node).

/**
 * The most cells whose table is kept for screen readers while the chart shows. A larger matrix's
 * table is made when Show as table asks for it: laid out off screen, 16,000 cells held up every
 * opening of the view by about 200 ms, and the chart names its rows and linked cells already.
 */
export const HIDDEN_TABLE_CELLS = 2500;
