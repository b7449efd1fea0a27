package uk.safeguarding.hub.register;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The registers' small conversions between Java and SQL values. */
final class Sql {

    private Sql() {}

    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    static Object[] args(Object first, Collection<?> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray();
    }

    static Object[] args(Collection<?> first, Object last) {
        List<Object> all = new ArrayList<>(first);
        all.add(last);
        return all.toArray();
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.from(i);
    }

    static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    static LocalDate local(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    static Set<String> split(String s) {
        return s == null || s.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(s.split(",")));
    }

    static String join(Collection<?> values) {
        return values.stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
    }
}
