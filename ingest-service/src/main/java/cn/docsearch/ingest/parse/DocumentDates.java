package cn.docsearch.ingest.parse;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the date a Chinese document carries, written in digits (2023年1月17日) or numerals (二〇二三年一月十七日). */
public final class DocumentDates {
    private static final Pattern DIGITS = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日");
    private static final Pattern NUMERALS = Pattern.compile(
            "([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日");
    private static final String DIGIT_NUMERALS = "〇一二三四五六七八九";
    /** A signature date stands alone on one of the last lines. */
    private static final int SIGNATURE_LINES = 3;

    private DocumentDates() {
    }

    /** The signature date when the document ends with one, otherwise the first date in the text. */
    public static Optional<LocalDate> find(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - SIGNATURE_LINES); i--) {
            Optional<LocalDate> date = first(lines.get(i));
            if (date.isPresent() && lines.get(i).length() <= 16) {
                return date;
            }
        }
        return first(text);
    }

    private static Optional<LocalDate> first(String text) {
        Matcher digits = DIGITS.matcher(text);
        Matcher numerals = NUMERALS.matcher(text);
        boolean hasDigits = digits.find();
        boolean hasNumerals = numerals.find();
        if (hasDigits && (!hasNumerals || digits.start() < numerals.start())) {
            return date(Integer.parseInt(digits.group(1)), Integer.parseInt(digits.group(2)),
                    Integer.parseInt(digits.group(3)));
        }
        if (hasNumerals) {
            return date(year(numerals.group(1)), number(numerals.group(2)), number(numerals.group(3)));
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> date(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int year(String numerals) {
        int year = 0;
        for (char c : numerals.toCharArray()) {
            year = year * 10 + (c == '零' ? 0 : DIGIT_NUMERALS.indexOf(c));
        }
        return year;
    }

    /** 一 … 九, 十, 十一 … 十九, 二十 … 三十一. */
    private static int number(String numerals) {
        int ten = numerals.indexOf('十');
        if (ten < 0) {
            return DIGIT_NUMERALS.indexOf(numerals.charAt(0));
        }
        int tens = ten == 0 ? 1 : DIGIT_NUMERALS.indexOf(numerals.charAt(0));
        int units = ten == numerals.length() - 1 ? 0 : DIGIT_NUMERALS.indexOf(numerals.charAt(ten + 1));
        return tens * 10 + units;
    }
}
