package uk.safeguarding.hub.e2e;

import java.util.List;
import java.util.Map;

/** The audit as tests over a running hub check it: its entries opened with the hub's own vault. */
final class AuditEntries {

    private AuditEntries() {}

    /** SQL's LIKE pattern ({@code %} any text) as a regular expression. */
    static java.util.regex.Pattern like(String like) {
        return java.util.regex.Pattern.compile(
                java.util.Arrays.stream(like.split("%", -1))
                        .map(java.util.regex.Pattern::quote)
                        .collect(java.util.stream.Collectors.joining(".*")),
                java.util.regex.Pattern.DOTALL);
    }

    /**
     * The audit entries of a type as the hub reads them (the detail and the subject opened: they are sealed in the
     * table), oldest first, keeping those whose detail matches every pattern ({@code %} any text, as SQL's LIKE).
     */
    static List<Map<String, Object>> of(
            org.springframework.jdbc.core.JdbcTemplate jdbc,
            uk.safeguarding.hub.vault.Vault vault,
            String type,
            String... likes) {
        List<java.util.regex.Pattern> patterns =
                java.util.Arrays.stream(likes).map(AuditEntries::like).toList();
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Map<String, Object> row :
                jdbc.queryForList("SELECT * FROM audit_entry WHERE entry_type = ? ORDER BY seq", type)) {
            long seq = ((Number) row.get("SEQ")).longValue();
            Map<String, Object> opened = new org.springframework.util.LinkedCaseInsensitiveMap<>();
            opened.putAll(row);
            String detail = vault.openText(
                    uk.safeguarding.hub.vault.Purpose.AUDIT, (String) row.get("DETAIL"), "audit_entry.detail#" + seq);
            opened.put("DETAIL", detail);
            if (row.get("SUBJECT_SEALED") != null) {
                opened.put(
                        "SUBJECT_NHS",
                        vault.openText(
                                uk.safeguarding.hub.vault.Purpose.AUDIT,
                                (String) row.get("SUBJECT_SEALED"),
                                "audit_entry.subject#" + seq));
            }
            if (patterns.stream().allMatch(p -> p.matcher(detail).matches())) {
                out.add(opened);
            }
        }
        return out;
    }
}
