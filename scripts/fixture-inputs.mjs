// The table of fixture inputs for the text format 0.0.4, and the writer that
// turns it into fixtures/{valid,invalid}/<name>.prom.
//
// Each case is [name, input]. The name starts with the group of the rule it
// exercises (docs/format.md, "Text format 0.0.4": w05 = whitespace case 5, e07 =
// error 7 of the reference's error list, a11 = what the serializer writes back),
// followed by what the input does.
//
// Input bytes are exact:
//   * a string is written as UTF-8, with JavaScript escapes: '\n' is LF, '\r' CR,
//     '\t' tab, '\x00' NUL, '\\' one backslash, '\uFEFF' the BOM as UTF-8.
//   * an array is a concatenation of parts: strings (as above) and numbers, each
//     a single raw byte. Use numbers for bytes >= 0x80 that must not be UTF-8
//     encoded (invalid UTF-8): ['foo{a="', 0xff, '"} 1\n'].
//   * nothing is added: an input without a trailing '\n' has no final LF.
//
// Whether a case is valid is not decided here: the oracle's exit code puts
// each file in valid/ or invalid/. The table is the source of truth: .prom
// files in those folders that are not in the table are removed.
//
//   node scripts/fixture-inputs.mjs     writes the .prom files only
//   npm run fixtures                    writes them and every expected output
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OracleBatch, ROOT, ensureOracle } from './lib/oracle.mjs';

const H = '# TYPE h histogram\n';
const S = '# TYPE s summary\n';

/** @type {Array<[string, string | Array<string | number>]>} */
export const CASES = [
  // ---- lines, whitespace, end of input -------------------------------------------
  ['w01_empty_input', ''],
  ['w01_single_newline', '\n'],
  ['w02_only_blank_lines', '\n \n\t\n'],
  ['w02_blank_line_first', '\nfoo 1\n'],
  ['w02_blank_lines_between_samples', 'a 1\n\n  \nb 2\n\n'],
  ['w02_blank_lines_inside_histogram', H + 'h_bucket{le="1"} 1\n\n\t\nh_count 1\n'],
  ['w03_leading_blanks', ' \t foo 1\n'],
  ['w03_leading_blanks_before_comments', '  # HELP foo x\n\t# TYPE foo gauge\nfoo 1\n'],
  ['w03_leading_tab_in_summary', S + '\ts{quantile="0.5"} 1\n\ts_sum 2\n'],
  ['w04_tabs_between_tokens', 'foo\t{a="b"}\t1\t1000\n'],
  ['w04_runs_of_spaces_between_tokens', 'foo    1     1000\n'],
  ['w04_mixed_blanks_value_timestamp', 'foo{a="b"} \t 1 \t\t 2\n'],
  ['w05_trailing_space_after_value', 'foo 1 \n'],
  ['w05_trailing_tab_after_value', 'foo 1\t\n'],
  ['w05_trailing_space_middle_line', 'a 1\nfoo 2 \nb 3\n'],
  ['w05_trailing_space_after_value_with_labels', 'foo{a="b"} 1 \n'],
  ['w05_trailing_space_in_histogram_bucket', H + 'h_bucket{le="1"} 1 \n'],
  ['w06_trailing_space_after_timestamp', 'foo 1 1000 \n'],
  ['w06_trailing_tab_after_timestamp', 'foo 1 1000\t\n'],
  ['w06_trailing_blanks_after_timestamp_last_line', 'a 1\nfoo 1 1000  \n'],
  ['w07_no_final_newline', 'foo 1'],
  ['w07_no_final_newline_after_labels', 'foo{a="b"} 1'],
  ['w07_no_final_newline_after_timestamp', 'foo 1 1000'],
  ['w07_no_final_newline_third_line', 'a 1\nb 2\nc 3'],
  ['w07_no_final_newline_in_summary', S + 's{quantile="0.5"} 1\ns_count 2'],
  ['w07_no_final_newline_after_name', 'foo'],
  ['w08_no_final_newline_after_comment', 'foo 1\n# c'],
  ['w08_no_final_newline_after_hash', 'foo 1\n#'],
  ['w08_no_final_newline_after_help', 'foo 1\n# HELP foo x'],
  ['w08_no_final_newline_after_type', '# TYPE foo gauge'],
  ['w08_no_final_newline_after_help_name', '# HELP foo'],
  ['w09_final_blanks_without_newline', 'foo 1\n   '],
  ['w09_final_tab_without_newline', 'foo 1\n\t'],
  ['w09_only_blanks_without_newline', '  \t '],
  ['w10_crlf_sample', 'foo 1\r\n'],
  ['w10_crlf_sample_with_timestamp', 'foo 1 1000\r\n'],
  ['w10_crlf_second_line', 'a 1\nfoo 1\r\n'],
  ['w10_cr_only_line_endings', 'a 1\rb 2\r'],
  ['w10_cr_alone_on_a_line', 'a 1\n\r\nb 2\n'],
  ['w10_crlf_histogram_bucket', H + 'h_bucket{le="1"} 1\r\n'],
  ['w10_crlf_after_label_set', 'foo{a="b"}\r\n'],
  ['w11_crlf_help_kept', '# HELP foo x\r\nfoo 1\n'],
  ['w11_crlf_help_only_cr', '# HELP foo \r\nfoo 1\n'],
  ['w11_crlf_help_of_summary', '# HELP s q\r\n' + S + 's_sum 1\n'],
  ['w12_crlf_type_unknown', '# TYPE foo gauge\r\n'],
  ['w12_crlf_type_histogram', '# TYPE h histogram\r\nh_count 1\n'],
  ['w12_crlf_plain_comment_ignored', '# just a comment\r\nfoo 1\n'],
  ['w13_cr_in_label_value_kept', 'foo{a="x\ry"} 1\n'],
  ['w13_cr_at_end_of_label_value', 'foo{a="x\r"} 1\n'],
  ['w13_cr_after_label_value', 'foo{a="x"\r} 1\n'],
  ['w13_cr_after_label_name', 'foo{a\r="x"} 1\n'],
  ['w14_vertical_tab_separator', 'foo\v1\n'],
  ['w14_form_feed_separator', 'foo\f1\n'],
  ['w14_vertical_tab_before_timestamp', 'foo 1\v1000\n'],
  ['w14_nbsp_separator', 'foo\u00a01\n'],
  ['w14_form_feed_line_start', '\ffoo 1\n'],
  ['w14_line_separator_u2028', 'a 1\u2028b 2\n'],
  ['w15_utf8_bom', '\uFEFFfoo 1\n'],
  ['w15_utf8_bom_before_comment', '\uFEFF# HELP foo x\nfoo 1\n'],
  ['w15_utf8_bom_middle_line', 'a 1\n\uFEFFb 2\n'],
  ['w16_nul_after_value', 'foo 1\x00\n'],
  ['w16_nul_in_label_value', 'foo{a="x\x00y"} 1\n'],
  ['w16_nul_in_help', '# HELP foo a\x00b\nfoo 1\n'],
  ['w16_nul_line_start', '\x00foo 1\n'],
  ['w16_nul_in_metric_name', 'fo\x00o 1\n'],
  ['w16_nul_only', '\x00'],
  ['w17_name_only', 'foo\n'],
  ['w17_name_and_labels_only', 'foo{a="b"}\n'],
  ['w17_name_and_blank_only', 'foo \n'],
  ['w17_bucket_without_value', H + 'h_bucket{le="1"}\n'],
  ['w17_name_only_after_samples', 'a 1\nb\n'],
  ['w18_eof_inside_label_value', 'foo{a="b'],
  ['w18_eof_after_label_value', 'foo{a="b"'],
  ['w18_eof_after_open_brace', 'foo{'],
  ['w18_eof_after_label_name', 'foo{a'],
  ['w18_eof_after_equals', 'foo{a='],
  ['w18_eof_after_backslash', 'foo{a="b\\'],
  ['w18_eof_after_comma', 'foo{a="b",'],
  ['w18_eof_after_name_and_blank', 'foo '],

  // ---- comments, HELP, TYPE -------------------------------------------------------
  ['c01_generic_comments', '#\n#x\n# help foo y\nfoo 1\n'],
  ['c01_helpx_is_a_comment', '# HELPX foo y\nfoo 1\n'],
  ['c01_lowercase_type_is_a_comment', '# type foo counter\nfoo 1\n'],
  ['c01_openmetrics_unit_and_eof', '# UNIT foo seconds\nfoo 1\n# EOF\n'],
  ['c01_comment_with_invalid_utf8', ['# ', 0xff, 0xfe, ' anything {"\n', 'foo 1\n']],
  ['c01_hash_and_space_only', '# \nfoo 1\n'],
  ['c01_comment_between_histogram_lines', H + 'h_bucket{le="1"} 1\n# a comment\nh_count 1\n'],
  ['c01_comment_that_looks_like_a_sample', '# foo 2\nfoo 1\n'],
  ['c02_help_no_space_after_hash', '#HELP foo x\nfoo 1\n'],
  ['c02_type_no_space_after_hash', '#TYPE foo counter\nfoo 1\n'],
  ['c03_tabs_in_help_line', '#\tHELP\tfoo\tx y\nfoo 1\n'],
  ['c03_runs_of_blanks_in_type_line', '#   TYPE    foo \t gauge\nfoo 1\n'],
  ['c04_help_trailing_blanks_kept', '# HELP foo x  \t\nfoo 1\n'],
  ['c04_help_inner_blanks_kept', '# HELP foo a   b\tc\nfoo 1\n'],
  ['c04_help_leading_blanks_skipped', '# HELP foo    x\nfoo 1\n'],
  ['c05_help_escapes', '# HELP foo a\\\\b\\nc\nfoo 1\n'],
  ['c05_help_escaped_backslash_before_n', '# HELP foo a\\\\nb\nfoo 1\n'],
  ['c05_help_only_escapes', '# HELP foo \\n\\n\\\\\nfoo 1\n'],
  ['c06_help_escaped_quote', '# HELP foo say \\"hi\\"\nfoo 1\n'],
  ['c06_help_escaped_quote_after_samples', 'foo 1\n# HELP foo \\"\n'],
  ['c07_help_escape_tab', '# HELP foo a\\tb\n'],
  ['c07_help_escape_hex', '# HELP foo a\\x41\n'],
  ['c07_help_escape_space', '# HELP foo a\\ b\n'],
  ['c07_help_escape_r', '# HELP foo \\r\nfoo 1\n'],
  ['c07_help_escape_nul', '# HELP foo a\\\x00\n'],
  ['c07_help_escape_multibyte', '# HELP foo a\\é\n'],
  ['c07_help_escape_invalid_utf8_byte', ['# HELP foo a\\', 0xff, '\n']],
  ['c08_help_lone_trailing_backslash', '# HELP foo abc\\\n'],
  ['c08_help_only_a_backslash', '# HELP foo \\\n'],
  ['c08_help_trailing_backslash_at_eof', '# HELP foo abc\\'],
  ['c09_help_raw_quotes', '# HELP foo say "hi"\nfoo 1\n'],
  ['c09_help_raw_braces_and_hash', '# HELP foo {a="b"} # x\nfoo 1\n'],
  ['c10_help_invalid_utf8', ['# HELP foo caf', 0xe9, '\nfoo 1\n']],
  ['c10_help_truncated_utf8_sequence', ['# HELP foo x', 0xe2, 0x82, '\nfoo 1\n']],
  ['c10_help_valid_multibyte', '# HELP foo café ✓ 😀\nfoo 1\n'],
  ['c10_help_invalid_utf8_of_histogram', ['# HELP h ', 0xff, 0xfe, '\n', H, 'h_bucket{le="1"} 1\n']],
  ['c10_help_overlong_encoding', ['# HELP foo ', 0xc0, 0xaf, '\nfoo 1\n']],
  ['c10_help_surrogate_encoding', ['# HELP foo ', 0xed, 0xa0, 0x80, '\nfoo 1\n']],
  ['c11_help_empty_then_real', '# HELP foo \n# HELP foo real\nfoo 1\n'],
  ['c11_help_without_text', '# HELP foo\nfoo 1\n'],
  ['c11_help_blanks_only', '# HELP foo  \t \nfoo 1\n'],
  ['c11_help_empty_twice', '# HELP foo\n# HELP foo\nfoo 1\n'],
  ['c12_help_and_type_without_name', '# HELP\n# TYPE\n'],
  ['c12_help_and_type_blank_without_name', '# HELP \n# TYPE \t\nfoo 1\n'],
  ['c13_second_help_identical', '# HELP foo x\n# HELP foo x\n'],
  ['c13_second_help_after_samples', '# HELP foo x\nfoo 1\n# HELP foo y\n'],
  ['c13_second_help_far_apart', 'foo 1\n# HELP foo a\nb 2\n# HELP foo a\n'],
  ['c13_second_help_of_histogram_via_bucket', H + '# HELP h x\n# HELP h_bucket y\n'],
  ['c14_help_after_samples', 'foo 1\n# HELP foo late\n'],
  ['c14_help_after_histogram_samples', H + 'h_bucket{le="1"} 1\nh_count 1\n# HELP h late\n'],
  ['c14_help_of_a_family_without_samples', '# HELP bar nothing\nfoo 1\n'],
  ['c15_help_name_with_dash', '# HELP foo-bar x\n'],
  ['c15_help_name_starts_with_digit', '# HELP 0foo x\n'],
  ['c15_type_name_with_dot', '# TYPE foo.bar gauge\n'],
  ['c15_help_name_followed_by_brace', '# HELP foo{a="b"} x\n'],
  ['c15_type_name_with_multibyte', '# TYPE fóo gauge\n'],
  ['c15_help_name_quoted', '# HELP "foo" x\n'],
  ['c15_type_name_followed_by_cr', '# TYPE foo\r gauge\n'],
  ['c15_help_name_with_colon', '# HELP foo:bar x\nfoo:bar 1\n'],
  ['c15_invalid_name_in_comment_third_line', 'a 1\n# HELP a x\n# TYPE b=c gauge\n'],
  ['c16_type_uppercase', '# TYPE foo COUNTER\nfoo 1\n'],
  ['c16_type_mixed_case_histogram', '# TYPE h HiStOgRaM\nh_bucket{le="1"} 1\n'],
  ['c16_type_uppercase_summary', '# TYPE s SUMMARY\ns{quantile="0.5"} 1\n'],
  ['c16_type_untyped', '# TYPE foo untyped\nfoo 1\n'],
  ['c16_type_dotless_i_upper_cases_to_histogram', '# TYPE foo h\u0131stogram\nfoo_bucket{le="1"} 1\n'],
  ['c16_type_long_s_upper_cases_to_summary', '# TYPE foo \u017Fummary\nfoo{quantile="0.5"} 1\n'],
  ['c16_type_gauge', '# TYPE foo gauge\nfoo 1\n'],
  ['c16_type_counter', '# TYPE foo counter\nfoo 1\n'],
  ['c17_type_trailing_blank', '# TYPE foo counter \n'],
  ['c17_type_second_word', '# TYPE foo counter extra\n'],
  ['c17_type_trailing_tab', '# TYPE foo gauge\t\n'],
  ['c18_type_unknown', '# TYPE foo unknown\n'],
  ['c18_type_info', '# TYPE foo info\n'],
  ['c18_type_stateset', '# TYPE foo stateset\n'],
  ['c18_type_gaugehistogram', '# TYPE foo gaugehistogram\n'],
  ['c19_type_backslash_dropped', '# TYPE foo coun\\ter\nfoo 1\n'],
  ['c19_type_backslash_n', '# TYPE foo gauge\\n\n'],
  ['c19_type_backslashes_in_histogram', '# TYPE h \\histo\\\\gram\nh_count 1\n'],
  ['c19_type_trailing_backslash', '# TYPE foo gauge\\\nfoo 1\n'],
  ['c20_type_gauge_histogram_underscore', '# TYPE foo gauge_histogram\nfoo 1\n'],
  ['c20_gauge_histogram_suffixes_separate', '# TYPE g gauge_histogram\ng_bucket{le="1"} 1\ng_count 1\ng_sum 2\n'],
  ['c20_gauge_histogram_uppercase', '# TYPE g GAUGE_HISTOGRAM\ng 1\n'],
  ['c21_type_without_type', '# TYPE foo\nfoo 1\n'],
  ['c21_type_blank_after_name', '# TYPE foo \nfoo 1\n'],
  ['c22_second_type_identical', '# TYPE foo gauge\n# TYPE foo gauge\n'],
  ['c22_type_after_sample', 'foo 1\n# TYPE foo gauge\n'],
  ['c22_type_after_sample_not_adjacent', 'foo 1\nbar 2\n# TYPE foo gauge\n'],
  ['c22_second_type_different', '# TYPE foo gauge\n# TYPE foo counter\nfoo 1\n'],
  ['c22_help_then_type_is_fine', '# HELP foo x\n# TYPE foo gauge\nfoo 1\n'],
  ['c23_type_of_sum_under_summary', '# TYPE foo summary\n# TYPE foo_sum gauge\n'],
  ['c23_help_of_count_under_histogram', '# TYPE foo histogram\n# HELP foo_count h\nfoo_count 1\n'],
  ['c23_help_of_bucket_under_summary_separate', S + '# HELP s_bucket b\ns_bucket 1\ns_count 1\n'],
  ['c23_type_of_bucket_under_histogram', H + '# TYPE h_bucket counter\n'],
  ['c23_help_of_sum_before_type', '# HELP foo_sum x\n# TYPE foo summary\nfoo_sum 1\n'],
  ['c23_help_of_base_and_sum', '# TYPE foo summary\n# HELP foo a\n# HELP foo_sum b\n'],
  ['c24_metadata_only', '# HELP foo x\n# TYPE foo counter\n'],
  ['c24_metadata_only_beside_samples', '# HELP foo x\nbar 1\n'],
  ['c24_histogram_type_without_samples', H],

  // ---- metric names ---------------------------------------------------------------
  ['n01_colon_and_underscore_names', ':a_b:c 1\n_ 2\n'],
  ['n01_every_name_class', 'aZ09_: 1\n'],
  ['n01_long_name', 'a'.repeat(300) + ' 1\n'],
  ['n01_single_colon', ': 1\n'],
  ['n02_name_starts_with_digit', '1foo 1\n'],
  ['n02_label_set_without_name', '{a="b"} 1\n'],
  ['n02_empty_braces_without_name', '{} 1\n'],
  ['n02_name_starts_with_dash', '-foo 1\n'],
  ['n02_name_starts_with_multibyte', 'éfoo 1\n'],
  ['n02_invalid_name_second_line', 'a 1\n2b 2\n'],
  ['n02_invalid_name_in_histogram', H + 'h_bucket{le="1"} 1\n.h_count 1\n'],
  ['n02_quoted_name', '"foo" 1\n'],
  ['n03_name_with_dot', 'foo.bar 1\n'],
  ['n03_name_with_dash', 'foo-bar 1\n'],
  ['n03_name_with_multibyte', 'fóo 1\n'],
  ['n03_name_runs_into_a_float', 'foo.5\n'],
  ['n03_name_runs_into_signed_value', 'foo+1\n'],
  ['n03_name_runs_into_value_with_timestamp', 'foo-1 1000\n'],
  ['n04_blank_between_name_and_brace', 'foo {a="b"} 1\n'],
  ['n04_tab_between_name_and_brace', 'foo\t{a="b"} 1\n'],
  ['n05_quoted_name_inside_braces', '{"my.metric",a="b"} 1\n'],
  ['n05_quoted_name_alone', '{"my.metric"} 1\n'],
  ['n05_quoted_name_before_braces', '"my.metric"{a="b"} 1\n'],
  ['n05_quoted_label_name', 'foo{"lbl.x"="v"} 1\n'],
  ['n05_quoted_name_in_type', '# TYPE "my.metric" gauge\n'],

  // ---- label sets -----------------------------------------------------------------
  ['l01_empty_braces', 'foo{} 1\n'],
  ['l01_empty_braces_with_blank', 'foo{ } 1\n'],
  ['l01_empty_braces_histogram_count', H + 'h_count{} 1\n'],
  ['l02_trailing_comma', 'foo{a="b",} 1\n'],
  ['l02_trailing_comma_with_blanks', 'foo{a="b" , } 1\n'],
  ['l02_trailing_comma_in_bucket', H + 'h_bucket{le="1",} 1\n'],
  ['l03_lone_comma', 'foo{,} 1\n'],
  ['l03_double_comma', 'foo{a="b",,c="d"} 1\n'],
  ['l03_leading_comma', 'foo{,a="b"} 1\n'],
  ['l03_two_trailing_commas', 'foo{a="b",,} 1\n'],
  ['l04_missing_comma', 'foo{a="b" c="d"} 1\n'],
  ['l04_missing_comma_no_blank', 'foo{a="b"c="d"} 1\n'],
  ['l04_semicolon_separator', 'foo{a="b";c="d"} 1\n'],
  ['l05_blanks_around_tokens', 'foo { a = "b" , c = "d" , } 1\n'],
  ['l05_tabs_around_tokens', 'foo{\ta\t=\t"b"\t}\t1\n'],
  ['l06_no_blank_before_value', 'foo{a="b"}1\n'],
  ['l06_no_blank_after_empty_braces', 'foo{}1\n'],
  ['l06_no_blank_with_timestamp', 'foo{}1 2\n'],
  ['l07_label_value_escapes', 'foo{a="\\\\ \\" \\n"} 1\n'],
  ['l07_escaped_quote_only', 'foo{a="\\""} 1\n'],
  ['l07_escaped_backslash_at_end', 'foo{a="x\\\\"} 1\n'],
  ['l07_escapes_in_summary_labels', S + 's{path="C:\\\\dir",quantile="0.5"} 1\ns_sum{path="C:\\\\dir"} 2\n'],
  ['l08_escape_tab', 'foo{a="\\t"} 1\n'],
  ['l08_escape_r', 'foo{a="x\\r"} 1\n'],
  ['l08_escape_unicode', 'foo{a="\\u0041"} 1\n'],
  ['l08_escape_single_quote', 'foo{a="\\\'"} 1\n'],
  ['l08_escape_in_second_label', 'foo{a="ok",b="x\\y"} 1\n'],
  ['l08_escape_in_quantile', S + 's{quantile="0\\.5"} 1\n'],
  ['l09_raw_newline_in_value', 'foo{a="x\ny"} 1\n'],
  ['l09_raw_newline_at_value_start', 'foo{a="\n"} 1\n'],
  ['l09_raw_newline_in_value_second_line', 'a 1\nfoo{a="x\ny"} 1\n'],
  ['l10_raw_nul_and_multibyte', 'foo{a="\x00",b="é✓😀"} 1\n'],
  ['l10_special_chars_in_value', 'foo{a="#{}=, "} 1\n'],
  ['l10_raw_tab_in_value', 'foo{a="x\ty"} 1\n'],
  ['l10_del_c1_and_line_separator', 'foo{a="\x7f\u0085\u2028"} 1\n'],
  ['l11_invalid_utf8_label_value', ['foo{a="', 0xff, '"} 1\n']],
  ['l11_truncated_utf8_label_value', ['foo{a="x', 0xe2, 0x82, '"} 1\n']],
  ['l11_overlong_utf8_label_value', ['foo{a="', 0xc0, 0x80, '"} 1\n']],
  ['l11_surrogate_utf8_label_value', ['foo{a="', 0xed, 0xa0, 0x80, '"} 1\n']],
  ['l11_above_max_code_point', ['foo{a="', 0xf4, 0x90, 0x80, 0x80, '"} 1\n']],
  ['l11_invalid_utf8_in_le', [H, 'h_bucket{le="', 0xff, '"} 1\n']],
  ['l11_invalid_utf8_second_label_second_line', ['a 1\nfoo{a="ok",b="', 0x80, '"} 1\n']],
  ['l12_empty_label_value', 'foo{a=""} 1\n'],
  ['l12_empty_value_beside_other', 'foo{a="",b="c"} 1\n'],
  ['l13_unquoted_value', 'foo{a=b} 1\n'],
  ['l13_single_quoted_value', "foo{a='b'} 1\n"],
  ['l13_missing_value', 'foo{a=} 1\n'],
  ['l13_blank_then_unquoted', 'foo{a= b} 1\n'],
  ['l13_unquoted_multibyte', 'foo{a=é} 1\n'],
  ['l13_unquoted_invalid_utf8', ['foo{a=', 0xff, '} 1\n']],
  ['l14_colon_in_label_name', 'foo{a:b="c"} 1\n'],
  ['l14_dot_in_label_name', 'foo{a.b="c"} 1\n'],
  ['l14_label_name_then_brace', 'foo{a} 1\n'],
  ['l14_dash_in_label_name', 'foo{a-b="c"} 1\n'],
  ['l14_label_name_then_nul', 'foo{a\x00="b"} 1\n'],
  ['l14_label_name_then_invalid_utf8', ['foo{a', 0xff, '="b"} 1\n']],
  ['l15_label_name_starts_with_digit', 'foo{0a="c"} 1\n'],
  ['l15_label_name_multibyte', 'foo{é="c"} 1\n'],
  ['l15_label_name_starts_with_colon', 'foo{:a="c"} 1\n'],
  ['l15_label_name_in_summary', S + 's{quantile="0.5",1x="a"} 1\n'],
  ['l16_reserved_name_label', 'foo{__name__="x"} 1\n'],
  ['l16_reserved_name_label_in_bucket', H + 'h_bucket{__name__="x",le="1"} 1\n'],
  ['l16_reserved_name_second_label', 'foo{a="b",__name__="foo"} 1\n'],
  ['l17_double_underscore_label', 'foo{__meta="x"} 1\n'],
  ['l17_labels_resembling_name', 'foo{__name="x",_name__="y",__name___="z"} 1\n'],
  ['l18_duplicate_label_name', 'foo{a="1",a="2"} 1\n'],
  ['l18_duplicate_label_same_value', 'foo{a="1",a="1"} 1\n'],
  ['l18_duplicate_le_on_gauge', '# TYPE g gauge\ng{le="1",le="2"} 1\n'],
  ['l18_duplicate_label_in_bucket', H + 'h_bucket{a="1",le="1",a="2"} 1\n'],
  ['l18_duplicate_quantile_on_untyped', 'foo{quantile="1",quantile="2"} 1\n'],
  ['l19_duplicate_le_last_wins', H + 'h_bucket{le="1",le="2"} 1\n'],
  ['l19_duplicate_quantile_last_wins', S + 's{quantile="0.1",quantile="0.9"} 1\n'],
  ['l19_duplicate_le_invalid_first', H + 'h_bucket{le="x",le="2"} 1\n'],
  ['l19_duplicate_le_nan_last', H + 'h_bucket{le="1",le="NaN"} 1\n'],
  ['l20_label_order_kept', 'foo{z="1",a="2"} 1\n'],
  ['l20_label_order_differs_between_lines', 'foo{z="1",a="2"} 1\nfoo{a="2",z="1"} 2\n'],
  [
    'l20_histogram_grouping_ignores_label_order',
    H + 'h_bucket{a="1",b="2",le="1"} 1\nh_bucket{le="+Inf",b="2",a="1"} 2\n',
  ],
  ['l21_unterminated_label_set', 'foo{a="b" 1\n'],
  ['l21_unterminated_label_set_at_eol', 'foo{a="b"\n'],
  ['l21_unterminated_after_comma_at_eol', 'foo{a="b",\n'],
  ['l21_unterminated_empty_set_at_eol', 'foo{\n'],
  ['l21_unterminated_label_value_at_eol', 'foo{a="b\n'],

  // ---- sample values --------------------------------------------------------------
  ['v01_special_values', 'a NaN\nb nan\nc NAN\nd +Inf\ne -Inf\nf Inf\ng inf\nh +INF\ni Infinity\nj -infinity\n'],
  ['v01_infinity_spellings', 'a +infinity\nb INFINITY\nc iNf\nd -INF\n'],
  ['v01_inf_histogram_sum', H + 'h_sum +Inf\nh_count 0\n'],
  ['v02_plus_nan', 'foo +NaN\n'],
  ['v02_minus_nan', 'foo -NaN\n'],
  ['v02_nan_with_suffix', 'foo NaNx\n'],
  ['v02_truncated_infinity', 'foo infin\n'],
  ['v03_decimal_forms', 'a 1e3\nb 1E-3\nc 1e+06\nd .5\ne 5.\nf +1\ng -0\nh 00012\ni 0.1e-1\n'],
  ['v03_negative_zero', 'foo -0\n'],
  ['v03_negative_zero_summary_sum', S + 's_sum -0\n'],
  ['v03_exponent_forms', 'a 1E6\nb 1e-5\nc 1.5e+300\nd 0e0\ne 123456\nf 1234567\n'],
  ['v03_leading_zeros_and_plus', 'a 000.5\nb +.5\nc -00\n'],
  ['v04_hex_float', 'foo 0x1p3\n'],
  ['v04_hex_int', 'foo 0x10\n'],
  ['v04_binary', 'foo 0b1\n'],
  ['v04_octal', 'foo 0o7\n'],
  ['v04_hex_float_uppercase', 'foo 0X1P3\n'],
  ['v04_hex_histogram_count', H + 'h_count 0x1\n'],
  ['v05_underscore', 'foo 1_000\n'],
  ['v05_underscore_in_exponent', 'foo 1e1_0\n'],
  ['v05_underscore_in_timestamp', 'foo 1 1_000\n'],
  ['v06_overflow', 'foo 1e400\n'],
  ['v06_overflow_just_above_max', 'foo 1.7976931348623159e308\n'],
  ['v06_max_float', 'foo 1.7976931348623157e308\n'],
  ['v06_negative_overflow', 'foo -1e309\n'],
  ['v06_overflow_bucket_count', H + 'h_bucket{le="1"} 1e400\n'],
  ['v06_overflow_le', H + 'h_bucket{le="1e999"} 1\n'],
  ['v06_overflow_many_digits', 'foo 1' + '0'.repeat(400) + '\n'],
  ['v07_underflow_to_zero', 'foo 1e-400\n'],
  ['v07_subnormal', 'foo 4.9e-324\n'],
  ['v07_smallest_normal', 'foo 2.2250738585072014e-308\n'],
  ['v07_negative_underflow', 'foo -1e-400\n'],
  ['v07_below_half_smallest_subnormal', 'foo 2e-324\n'],
  ['v07_tiny_quantile_and_le', S + 's{quantile="1e-320"} 1\n# TYPE h histogram\nh_bucket{le="5e-324"} 1\n'],
  ['v08_integer_beyond_2_53', 'foo 9007199254740993\n'],
  ['v08_many_fraction_digits', 'foo 0.1000000000000000055511151231257827\n'],
  ['v08_uint64_max_as_value', 'foo 18446744073709551615\n'],
  ['v08_round_half_even', 'a 9007199254740995\nb 1.00000000000000011102230246251565404236316680908203125\n'],
  ['v09_comma_decimal', 'foo 1,5\n'],
  ['v09_word_value', 'foo true\n'],
  ['v09_dot_only', 'foo .\n'],
  ['v09_sign_only', 'foo -\n'],
  ['v09_exponent_only', 'foo e5\n'],
  ['v09_trailing_garbage', 'foo 1x\n'],
  ['v09_quoted_value', 'foo "1"\n'],
  ['v09_fullwidth_digit', 'foo １\n'],
  ['v09_invalid_utf8_value', ['foo ', 0xff, '\n']],
  ['v09_invalid_value_in_summary_third_line', S + 's_sum 1\ns_count one\n'],
  ['v10_negative_counter', '# TYPE c counter\nc -1\n'],
  ['v10_nan_counter', '# TYPE c counter\nc NaN\n'],
  ['v10_nan_histogram_sum', H + 'h_bucket{le="1"} 1\nh_sum NaN\nh_count 1\n'],
  ['v10_negative_infinite_gauge', '# TYPE g gauge\ng -Inf\n'],

  // ---- timestamps -----------------------------------------------------------------
  ['t01_negative_timestamp', 'foo 1 -3982045\n'],
  ['t01_plus_timestamp', 'foo 1 +1000\n'],
  ['t01_leading_zeros_timestamp', 'foo 1 000123\n'],
  ['t01_zero_timestamp', 'foo 1 0\n'],
  ['t01_negative_zero_timestamp', 'foo 1 -0\n'],
  ['t02_int64_max', 'foo 1 9223372036854775807\n'],
  ['t02_int64_max_plus_one', 'foo 1 9223372036854775808\n'],
  ['t02_int64_min', 'foo 1 -9223372036854775808\n'],
  ['t02_int64_min_minus_one', 'foo 1 -9223372036854775809\n'],
  ['t02_uint64_max', 'foo 1 18446744073709551615\n'],
  ['t02_beyond_2_53_kept_exact', 'foo 1 9007199254740993\n'],
  ['t02_int64_extremes_in_histogram', H + 'h_bucket{le="1"} 1 -9223372036854775808\nh_count 1 9223372036854775807\n'],
  ['t02_overflow_in_summary', S + 's_sum 1 99999999999999999999\n'],
  ['t03_fractional_timestamp', 'foo 1 1520879607.789\n'],
  ['t03_exponent_timestamp', 'foo 1 1e3\n'],
  ['t03_hex_timestamp', 'foo 1 0x10\n'],
  ['t03_nan_timestamp', 'foo 1 NaN\n'],
  ['t03_sign_only_timestamp', 'foo 1 -\n'],
  ['t03_double_sign_timestamp', 'foo 1 +-1\n'],
  ['t04_extra_token', 'foo 1 2 3\n'],
  ['t04_comment_after_timestamp', 'foo 1 2 # x\n'],
  ['t04_extra_token_after_tab', 'foo 1 2\t3\n'],
  ['t04_extra_token_in_summary', S + 's{quantile="0.5"} 1 2 3\n'],
  ['t05_exemplar', 'foo 1 # {a="b"} 1\n'],
  ['t05_exemplar_after_timestamp', 'foo 1 1000 # {a="b"} 1\n'],
  ['t05_exemplar_on_bucket', H + 'h_bucket{le="1"} 1 # {trace_id="x"} 0.5\n'],
  ['t06_histogram_timestamp_last_wins', H + 'h_bucket{le="1"} 1 100\nh_bucket{le="+Inf"} 2 200\n'],
  ['t06_summary_timestamp_last_wins', S + 's{quantile="0.5"} 1 300\ns_sum 2 100\ns_count 3\n'],
  ['t06_histogram_timestamp_only_on_count', H + 'h_bucket{le="1"} 1\nh_count 1 500\nh_sum 2\n'],

  // ---- families, grouping, duplicates ----------------------------------------------
  ['f01_non_contiguous_family', 'a 1\nb 2\na{x="1"} 3\n'],
  ['f01_non_contiguous_histogram', H + 'h_bucket{le="1"} 1\nx 1\nh_count 1\n'],
  ['f01_type_then_other_family_then_sample', '# TYPE a gauge\nb 1\na 2\n'],
  ['f02_duplicate_series_kept', 'a{x="1"} 1\na{x="1"} 2\n'],
  ['f02_duplicate_series_without_labels', 'a 1\na 1\n'],
  ['f02_repeated_histogram_count', H + 'h_count 1\nh_count 2\n'],
  ['f03_empty_label_value_vs_no_label', 'a{x=""} 1\na 2\n'],
  ['f03_empty_label_value_splits_histogram', H + 'h_bucket{x="",le="1"} 1\nh_bucket{le="2"} 2\nh_count{x=""} 3\n'],
  ['f03_empty_label_value_splits_summary', S + 's{x="",quantile="0.5"} 1\ns_sum 2\n'],
  ['f04_openmetrics_counter_total', '# TYPE foo counter\nfoo_total 1\n'],
  ['f04_counter_total_and_base', '# TYPE foo counter\nfoo_total 1\nfoo 2\n'],
  ['f05_exact_name_family_wins', 's_sum 1\n' + S + 's_sum 2\ns_count 3\n'],
  ['f05_untyped_base_suffixes_separate', 'h 1\nh_bucket{le="1"} 1\nh_count 2\n'],
  ['f05_sum_joins_histogram', H + 'h_sum 1\n'],
  ['f05_count_of_gauge_separate', '# TYPE g gauge\ng 1\ng_count 2\n'],
  ['f05_double_suffix', H + 'h_bucket_bucket{le="1"} 1\n'],
  ['f05_histogram_named_like_a_suffix', '# TYPE x_sum histogram\nx_sum_bucket{le="1"} 1\nx_sum 2\n'],
  ['f05_typed_suffix_family_first', '# TYPE h_count gauge\n' + H + 'h_count 1\nh_bucket{le="1"} 1\n'],
  ['f05_count_before_type', 'h_count 1\n' + H + 'h_count 2\n'],
  ['f05_suffix_of_suffix_in_summary', S + 's_count_sum 1\n'],
  ['f05_type_for_base_after_suffix_samples', 'h_bucket{le="1"} 1\n' + H],
  ['f06_created_separate', H + 'h_created 3\n'],
  ['f06_gsum_gcount_separate', H + 'h_gsum 1\nh_gcount 1\n'],
  ['f06_info_suffix_separate', '# TYPE foo gauge\nfoo_info 1\n'],
  ['f07_summary_bucket_not_member', S + 's_bucket{le="1"} 1\n'],
  ['f07_summary_bucket_without_le_beside_count', S + 's_bucket 1\ns_count 2\n'],
  ['f07_summary_bucket_with_invalid_le', S + 's_bucket{le="x"} 1\n'],

  // ---- summaries ------------------------------------------------------------------
  [
    's00_grouping_by_labels',
    S +
      's{a="1",quantile="0.5"} 1\ns{a="2",quantile="0.5"} 2\ns_sum{a="1"} 3\ns_count{a="2"} 4\ns{quantile="0.9",a="1"} 5\n',
  ],
  ['s01_quantile_not_float', S + 's{quantile="x"} 1\n'],
  ['s01_quantile_empty', S + 's{quantile=""} 1\n'],
  ['s01_quantile_leading_blank', S + 's{quantile=" 0.5"} 1\n'],
  ['s01_quantile_hex', S + 's{quantile="0x1"} 1\n'],
  ['s01_quantile_plus_nan', S + 's{quantile="+NaN"} 1\n'],
  ['s01_quantile_underscore', S + 's{quantile="0_5"} 1\n'],
  ['s01_quantile_error_fourth_line', S + 's{quantile="0.5"} 1\ns_sum 1\ns{quantile="half"} 1\n'],
  ['s02_quantile_out_of_range', S + 's{quantile="-1"} 1\ns{quantile="+Inf"} 2\ns{quantile="2"} 3\n'],
  [
    's02_quantile_spellings',
    S + 's{quantile="5e-1"} 1\ns{quantile=".5"} 2\ns{quantile="0.50"} 3\ns{quantile="1e+06"} 4\n',
  ],
  ['s03_quantile_nan_dropped', S + 's{quantile="NaN"} 1\n'],
  ['s03_quantile_nan_lowercase_dropped', S + 's{quantile="nan"} 1\ns{quantile="0.5"} 2\n'],
  ['s04_summary_line_without_quantile', S + 's{a="1"} 7\n'],
  ['s04_summary_bare_line', S + 's 7\n'],
  ['s04_without_quantile_then_with', S + 's{a="1"} 7\ns{a="1",quantile="0.5"} 1\n'],
  ['s05_only_quantile', S + 's{quantile="0.5"} 1\n'],
  ['s05_only_sum', S + 's_sum 3.5\n'],
  ['s05_only_count', S + 's_count 2\n'],
  ['s06_count_truncated', S + 's_count 1.9\n'],
  ['s06_count_negative', S + 's_count -1\n'],
  ['s06_count_nan', S + 's_count NaN\n'],
  ['s06_count_inf', S + 's_count +Inf\n'],
  ['s06_count_1e20', S + 's_count 1e20\n'],
  ['s06_count_2_pow_64', S + 's_count 18446744073709551616\n'],
  ['s06_count_2_pow_63', S + 's_count 9223372036854775808\n'],
  ['s06_count_largest_below_2_pow_64', S + 's_count 18446744073709549568\n'],
  ['s06_count_negative_fraction', S + 's_count -0.5\n'],
  ['s07_duplicate_quantiles_kept', S + 's{quantile="0.5"} 1\ns{quantile="0.5"} 2\n'],
  ['s07_repeated_sum_last_wins', S + 's_sum 1\ns_sum 2\n'],
  ['s08_quantile_on_gauge', '# TYPE g gauge\ng{quantile="0.5"} 1\n'],
  ['s08_non_float_quantile_on_untyped', 'u{quantile="x"} 1\n'],
  ['s08_quantile_on_histogram_bucket', H + 'h_bucket{le="1",quantile="x"} 1\n'],

  // ---- histograms -----------------------------------------------------------------
  [
    'h01_full_histogram',
    '# HELP h A histogram.\n' +
      H +
      'h_bucket{le="0.1"} 1\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 4\nh_sum 2.5\nh_count 4\n',
  ],
  [
    'h01_grouping_by_labels',
    H +
      'h_bucket{a="1",le="1"} 1\nh_bucket{a="2",le="1"} 2\nh_sum{a="1"} 3\nh_count{a="2"} 4\nh_bucket{a="1",le="+Inf"} 5\n',
  ],
  ['h02_no_inf_bucket', H + 'h_bucket{le="1"} 1\nh_bucket{le="2"} 2\nh_sum 3\nh_count 2\n'],
  ['h02_only_count', H + 'h_count 5\n'],
  ['h02_only_sum', H + 'h_sum 5\n'],
  ['h03_unsorted_buckets', H + 'h_bucket{le="2"} 5\nh_bucket{le="1"} 7\n'],
  ['h03_non_cumulative_buckets', H + 'h_bucket{le="1"} 5\nh_bucket{le="2"} 3\nh_bucket{le="+Inf"} 1\n'],
  ['h03_duplicate_buckets', H + 'h_bucket{le="1"} 1\nh_bucket{le="1"} 2\n'],
  ['h03_inf_bucket_first', H + 'h_bucket{le="+Inf"} 3\nh_bucket{le="1"} 1\n'],
  ['h04_le_not_float', H + 'h_bucket{le="x"} 1\n'],
  ['h04_le_leading_blank', H + 'h_bucket{le=" 1"} 1\n'],
  ['h04_le_hex', H + 'h_bucket{le="0x1"} 1\n'],
  ['h04_le_empty', H + 'h_bucket{le=""} 1\n'],
  ['h04_le_trailing_blank', H + 'h_bucket{le="1 "} 1\n'],
  ['h04_le_underscore', H + 'h_bucket{le="1_0"} 1\n'],
  ['h04_le_plus_nan', H + 'h_bucket{le="+NaN"} 1\n'],
  ['h04_le_error_fourth_line', H + 'h_bucket{le="1"} 1\nh_sum 1\nh_bucket{le="two"} 2\n'],
  [
    'h05_le_spellings',
    H +
      'h_bucket{le="1e0"} 1\nh_bucket{le="1.0"} 1\nh_bucket{le=".5"} 1\nh_bucket{le="1E+00"} 1\nh_bucket{le="+inf"} 2\nh_bucket{le="Infinity"} 2\n',
  ],
  ['h05_le_negative', H + 'h_bucket{le="-1"} 0\nh_bucket{le="-0"} 0\nh_bucket{le="+Inf"} 1\n'],
  ['h05_le_lowercase_inf_only', H + 'h_bucket{le="inf"} 3\nh_count 3\n'],
  ['h05_le_minus_inf_only', H + 'h_bucket{le="-Inf"} 0\nh_count 3\n'],
  [
    'h05_le_huge_and_tiny',
    H + 'h_bucket{le="1e-300"} 1\nh_bucket{le="1.7976931348623157e308"} 2\nh_bucket{le="123456789"} 3\n',
  ],
  ['h06_le_nan_bucket_dropped', H + 'h_bucket{le="NaN"} 1\nh_bucket{le="1"} 2\n'],
  ['h06_bucket_without_le_dropped', H + 'h_bucket 1\n'],
  ['h06_bucket_with_labels_without_le', H + 'h_bucket{a="1"} 1\nh_count{a="1"} 1\n'],
  ['h07_fractional_bucket_count', H + 'h_bucket{le="1"} 1.5\n'],
  ['h07_negative_bucket_count', H + 'h_bucket{le="1"} -1\n'],
  ['h07_fractional_count', H + 'h_count 2.99\n'],
  ['h07_nan_bucket_count', H + 'h_bucket{le="1"} NaN\n'],
  ['h07_huge_bucket_count', H + 'h_bucket{le="1"} 1e20\nh_count 18446744073709551615\n'],
  ['h08_count_differs_from_inf_bucket', H + 'h_bucket{le="+Inf"} 5\nh_count 7\n'],
  ['h08_negative_sum', H + 'h_bucket{le="1"} 1\nh_sum -5\nh_count 1\n'],
  ['h09_bare_histogram_name', H + 'h 1\n'],
  ['h09_bare_name_then_bucket_same_labels', H + 'h{a="1"} 1\nh_bucket{a="1",le="1"} 2\n'],
  ['h10_gaugehistogram_spelling_rejected', '# TYPE g gaugehistogram\ng_bucket{le="1"} 1\n'],
  ['h10_gauge_histogram_bare_name_and_buckets', '# TYPE g gauge_histogram\ng{a="1"} 1\ng_bucket{le="1"} 1\n'],

  // ---- every parse error, in further contexts ---------------------------------------
  ['e01_eof_inside_help_text', '# HELP foo abc'],
  ['e01_eof_after_type_keyword', 'a 1\n# TYPE'],
  ['e02_invalid_metric_name_after_comment', '# c\n=foo 1\n'],
  ['e02_invalid_metric_name_brace_in_summary', S + 's{quantile="0.5"} 1\n{quantile="0.9"} 2\n'],
  ['e03_invalid_name_in_comment_hash', '# TYPE foo# gauge\n'],
  ['e03_invalid_name_in_comment_empty_after_blanks', '# HELP  =x y\n'],
  ['e04_invalid_label_name_after_blank_comma', 'foo{a="1", 2="b"} 1\n'],
  ['e05_reserved_name_in_summary', S + 's{__name__="s",quantile="0.5"} 1\n'],
  ['e06_expected_equals_found_blank_then_brace', 'foo{a } 1\n'],
  ['e06_expected_equals_found_quote', 'foo{a"b"} 1\n'],
  ['e07_duplicate_among_three_labels', 'foo{a="1",b="2",a="3"} 1\n'],
  ['e07_duplicate_in_summary_sum', S + 's_sum{a="1",a="1"} 1\n'],
  ['e08_expected_quote_found_nul', 'foo{a=\x00} 1\n'],
  ['e08_expected_quote_found_brace', 'foo{a=}} 1\n'],
  ['e09_invalid_label_value_long', ['foo{a="', 'x'.repeat(64), 0xfe, 'y'.repeat(64), '"} 1\n']],
  ['e10_unescaped_newline_after_escape', 'foo{a="x\\\\\ny"} 1\n'],
  ['e11_invalid_escape_in_le', H + 'h_bucket{le="1\\0"} 1\n'],
  ['e12_quantile_error_with_labels', S + 's{a="1",quantile="p50"} 1\n'],
  ['e13_le_error_in_second_histogram', H + 'h_bucket{le="1"} 1\n# TYPE i histogram\ni_bucket{le="1,5"} 1\n'],
  ['e14_unexpected_char_after_label_value', 'foo{a="b"x} 1\n'],
  ['e14_equals_after_label_value', 'foo{a="b"="c"} 1\n'],
  ['e15_value_empty_after_labels_and_blank', 'foo{a="b"} \n'],
  ['e15_value_is_a_label_set', 'foo {a="b"} {c="d"}\n'],
  ['e16_timestamp_word', 'foo 1 abc\n'],
  ['e16_timestamp_empty_after_two_blanks', 'foo 1  \n'],
  ['e17_spurious_words_after_timestamp', 'foo 1 2 x y\n'],
  ['e18_second_help_of_summary_via_count', S + 's_count 1\n# HELP s a\n# HELP s_count b\n'],
  ['e19_type_after_samples_of_histogram_via_count', H + 'h_count 1\n# TYPE h_count gauge\n'],
  ['e20_unknown_type_quoted', '# TYPE foo "gauge"\n'],
  ['e20_unknown_type_invalid_utf8', ['# TYPE foo ', 0xff, '\n']],
  ['e20_unknown_type_multibyte', '# TYPE foo gaugé\n'],
  ['e20_unknown_type_third_line', 'a 1\nb 2\n# TYPE c histogramm\n'],

  // ---- serializer consequences (see the .text / .om outputs) --------------------------
  ['a11_summary_missing_sum_and_count', S + 's{a="x",quantile="0.5"} 1\ns{a="y",quantile="0.5"} 2\ns_sum{a="y"} 3\n'],
  ['a11_histogram_gets_inf_bucket', H + 'h_bucket{le="1"} 1\nh_count 4\n'],
  ['a11_negative_zero_written_as_zero', 'a -0\n' + S + 's{quantile="-0"} -0\n'],
  ['a11_help_escaping', '# HELP foo back\\\\slash\\nnew "line"\nfoo 1\n'],
  ['a11_label_value_escaping', 'foo{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 1\n'],
  [
    'a11_float_rendering',
    'a 1000000\nb 123456\nc 1234567\nd 0.0001\ne 0.00001\nf 5e-324\ng 1.7976931348623157e308\nh -1\ni 0.1\nj 100\n',
  ],
  [
    'a11_count_rendering_through_float',
    S + 's_count 18446744073709551615\n' + '# TYPE h histogram\nh_bucket{le="1"} 9007199254740993\n',
  ],
  ['a11_summary_sum_family_breaks_reparse', 's_sum 1\n' + S + 's_count 3\n'],
  ['a11_timestamp_appended', 'a 1 -1\nb{x="y"} 2 1700000000000\n'],
  ['a11_families_sorted_by_name', 'b 1\na 2\n_c 3\nB 4\n'],
  ['a11_labels_kept_in_stored_order', 'foo{z="1",a="2",m="3"} 1\n'],
  ['a11_le_and_quantile_appended_last', H + 'h_bucket{le="1",z="a"} 1\n' + S + 's{quantile="0.5",a="b"} 1\n'],
  ['a11_openmetrics_counter_names', '# TYPE foo_total counter\nfoo_total 1\n# TYPE bar counter\nbar 2\nbaz 3\n'],
  ['a11_openmetrics_timestamp_seconds', 'a 1 1500\nb 2 -1\nc 3 1\n'],
  [
    'a11_openmetrics_float_spelling',
    H + 'h_bucket{le="1"} 1\nh_bucket{le="2.5"} 2\nh_sum 3\nh_count 2\n# TYPE g gauge\ng 1e+06\n',
  ],
  ['a11_help_empty_disappears', '# HELP foo \nfoo 1\n'],
  [
    'a11_all_types_together',
    '# HELP c_total A counter.\n# TYPE c_total counter\nc_total{a="1"} 3\n# TYPE g gauge\ng 2.5\nu 1\n' +
      S +
      's{quantile="0.5"} 1\ns_sum 2\ns_count 3\n' +
      H +
      'h_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
  ],
];

/** Turns a table input into its exact bytes. */
export function toBytes(input) {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  return Buffer.concat(
    input.map((part) => {
      if (typeof part === 'string') return Buffer.from(part, 'utf8');
      if (!Number.isInteger(part) || part < 0 || part > 255) throw new Error(`not a byte: ${part}`);
      return Buffer.from([part]);
    }),
  );
}

const NAME = /^(?:w|c|n|l|v|t|f|s|h|e|a)[0-9]{2}_[a-z0-9_]+$/;

/** Checks names (unique, rule-prefixed) and inputs (distinct bytes); throws on the first problem. */
export function checkTable(cases = CASES) {
  const names = new Set();
  const inputs = new Map();
  for (const [name, input] of cases) {
    if (!NAME.test(name)) throw new Error(`bad fixture name: ${name}`);
    if (names.has(name)) throw new Error(`duplicate fixture name: ${name}`);
    names.add(name);
    const key = toBytes(input).toString('base64');
    if (inputs.has(key)) throw new Error(`fixtures ${inputs.get(key)} and ${name} have the same bytes`);
    inputs.set(key, name);
  }
}

export const FIXTURES = join(ROOT, 'fixtures');
export const VALID = join(FIXTURES, 'valid');
export const INVALID = join(FIXTURES, 'invalid');

/**
 * Writes every case to fixtures/valid/<name>.prom or fixtures/invalid/<name>.prom
 * according to the oracle's exit code, removes stale .prom files, and returns
 * `{ valid, invalid }` counts. Files whose bytes are unchanged are not rewritten.
 */
export async function writeInputs(oraclePath) {
  checkTable();
  mkdirSync(VALID, { recursive: true });
  mkdirSync(INVALID, { recursive: true });
  const oracle = new OracleBatch(oraclePath, ['-out', 'json']);
  const replies = await Promise.all(CASES.map(([, input]) => oracle.run(toBytes(input))));
  await oracle.close();
  const wanted = new Set();
  let valid = 0;
  let invalid = 0;
  CASES.forEach(([name, input], i) => {
    const { exit } = replies[i];
    if (exit !== 0 && exit !== 1) throw new Error(`oracle usage error on ${name}: ${replies[i].raw}`);
    const dir = exit === 0 ? VALID : INVALID;
    if (exit === 0) valid++;
    else invalid++;
    const path = join(dir, `${name}.prom`);
    wanted.add(path);
    writeIfChanged(path, toBytes(input));
  });
  for (const dir of [VALID, INVALID]) {
    for (const f of readdirSync(dir)) {
      const path = join(dir, f);
      if (f.endsWith('.prom') && !wanted.has(path)) rmSync(path);
    }
  }
  return { valid, invalid };
}

/** Writes `bytes` to `path` unless the file already holds exactly those bytes. */
export function writeIfChanged(path, bytes) {
  let old;
  try {
    old = readFileSync(path);
  } catch {
    old = undefined;
  }
  if (old && Buffer.compare(old, bytes) === 0) return false;
  writeFileSync(path, bytes);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const counts = await writeInputs(ensureOracle());
  console.log(`fixture inputs: ${counts.valid} valid, ${counts.invalid} invalid, ${CASES.length} in all`);
}
