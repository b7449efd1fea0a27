package uk.safeguarding.hub.mesh;

import java.io.ByteArrayOutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.message.TimeOrderedIds;

/**
 * The MESH messages the hub keeps (table {@code mesh_message}): those agencies send to the hub, from their first
 * chunk until the hub has decided them (then their content goes, their record stays for tracking), and the hub's
 * receipts in an agency's inbox until acknowledged. Shares are not here: see {@link MeshInbox}.
 */
@Component
class MeshStore {

    /** A sent message's chunks are arriving. */
    static final String UPLOADING = "UPLOADING";
    /** Its last chunk is being decided (one request at a time). */
    static final String DECIDING = "DECIDING";
    /** Decided by the hub: accepted or refused, its receipt in the sender's inbox. */
    static final String DECIDED = "DECIDED";
    /** A hub message waiting in an agency's inbox. */
    static final String WAITING = "WAITING";

    static final String ACKNOWLEDGED = "ACKNOWLEDGED";

    /** One MESH message's record. */
    record Row(
            String messageId,
            String senderMailbox,
            String recipientMailbox,
            String senderAgency,
            String recipientAgency,
            String messageType,
            String workflowId,
            String localId,
            String subject,
            String fileName,
            String contentType,
            String contentEncoding,
            int totalChunks,
            Integer fileSize,
            String status,
            Instant createdAt,
            Instant decidedAt,
            Instant acknowledgedAt,
            String linkedMessageId,
            String hubMessageId,
            String statusCode,
            String statusText) {}

    /** What a sender said about its message in the first chunk's headers. */
    record Sent(
            String senderMailbox,
            String senderAgency,
            String recipientMailbox,
            String workflowId,
            String localId,
            String subject,
            String fileName,
            String contentType,
            String contentEncoding,
            int totalChunks) {}

    /** The hub's answer to a sent message, as it goes into the sender's inbox. */
    record Receipt(
            String workflowId,
            boolean accepted,
            String hubMessageId,
            String statusCode,
            String statusText,
            String contentType,
            byte[] body) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final uk.safeguarding.hub.vault.Vault vault;

    MeshStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, uk.safeguarding.hub.vault.Vault vault) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.vault = vault;
    }

    /** A chunk as stored: sealed (it is a message about people, on its way through the hub). */
    private byte[] seal(byte[] chunk) {
        return vault.seal(uk.safeguarding.hub.vault.Purpose.MESH, chunk, "mesh_chunk.body");
    }

    private byte[] open(byte[] stored) {
        return vault.open(uk.safeguarding.hub.vault.Purpose.MESH, stored, "mesh_chunk.body");
    }

    /** Records a sent message and its first chunk; its id. */
    String receive(Sent sent, byte[] firstChunk) {
        String id = TimeOrderedIds.next();
        tx.executeWithoutResult(s -> {
            jdbc.update(
                    "INSERT INTO mesh_message (message_id, sender_mailbox, recipient_mailbox, sender_agency,"
                            + " message_type, workflow_id, local_id, subject, file_name, content_type,"
                            + " content_encoding, total_chunks, status, created_at)"
                            + " VALUES (?, ?, ?, ?, 'DATA', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id,
                    sent.senderMailbox(),
                    sent.recipientMailbox(),
                    sent.senderAgency(),
                    sent.workflowId(),
                    sealed(cut(sent.localId()), LOCAL_ID),
                    sealed(cut(sent.subject()), SUBJECT),
                    sealed(cut(sent.fileName()), FILE_NAME),
                    cut(sent.contentType()),
                    sent.contentEncoding(),
                    sent.totalChunks(),
                    UPLOADING,
                    Timestamp.from(Instant.now(clock)));
            addChunk(id, 1, firstChunk);
        });
        return id;
    }

    /** Stores a chunk once: a chunk sent again is taken as already there (its key is the message and number). */
    void addChunk(String id, int n, byte[] body) {
        try {
            jdbc.update(
                    "INSERT INTO mesh_chunk (message_id, chunk_no, body, size_bytes) VALUES (?, ?, ?, ?)",
                    id,
                    n,
                    seal(body),
                    body.length);
        } catch (org.springframework.dao.DuplicateKeyException again) {
            // the same chunk sent again: the first stands
        }
    }

    long bytesHeld(String id) {
        Long n = jdbc.queryForObject(
                "SELECT COALESCE(SUM(size_bytes), 0) FROM mesh_chunk WHERE message_id = ?", Long.class, id);
        return n == null ? 0 : n;
    }

    /**
     * Forgets what MESH would have forgotten: messages whose chunks stopped coming before {@code abandonedBefore}
     * (content and all), and the records of messages decided or acknowledged before {@code doneBefore}. A receipt
     * or report still waiting in an inbox stays. How many went.
     */
    int prune(Instant abandonedBefore, Instant doneBefore) {
        Integer pruned = tx.execute(s -> {
            List<String> abandoned = jdbc.queryForList(
                    "SELECT message_id FROM mesh_message WHERE status = ? AND created_at < ? FETCH FIRST 500 ROWS ONLY",
                    String.class,
                    UPLOADING,
                    Timestamp.from(abandonedBefore));
            for (String id : abandoned) {
                jdbc.update("DELETE FROM mesh_chunk WHERE message_id = ?", id);
                jdbc.update("DELETE FROM mesh_message WHERE message_id = ?", id);
            }
            int done = jdbc.update(
                    "DELETE FROM mesh_message WHERE status IN (?, ?) AND COALESCE(acknowledged_at, decided_at) < ?",
                    DECIDED,
                    ACKNOWLEDGED,
                    Timestamp.from(doneBefore));
            return abandoned.size() + done;
        });
        return pruned == null ? 0 : pruned;
    }

    int chunksHeld(String id) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mesh_chunk WHERE message_id = ?", Integer.class, id);
        return n == null ? 0 : n;
    }

    /** Takes the message for deciding; false when another request has it or it is decided. */
    boolean claim(String id) {
        return jdbc.update(
                        "UPDATE mesh_message SET status = ? WHERE message_id = ? AND status = ?",
                        DECIDING,
                        id,
                        UPLOADING)
                == 1;
    }

    /** Gives it back undecided (the hub could not decide it now; the sender sends the chunk again). */
    void release(String id) {
        jdbc.update("UPDATE mesh_message SET status = ? WHERE message_id = ? AND status = ?", UPLOADING, id, DECIDING);
    }

    /** A whole message the hub could not decide: the sender was told to send it again, so nothing of it stays. */
    void forget(String id) {
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM mesh_chunk WHERE message_id = ?", id);
            jdbc.update("DELETE FROM mesh_message WHERE message_id = ? AND status = ?", id, UPLOADING);
        });
    }

    /** The chunks in order, as sent (still compressed if they were). */
    byte[] content(String id) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        jdbc.query(
                "SELECT body FROM mesh_chunk WHERE message_id = ? ORDER BY chunk_no",
                rs -> {
                    all.writeBytes(open(rs.getBytes(1)));
                },
                id);
        return all.toByteArray();
    }

    /**
     * In one transaction: the sent message decided (its content gone, what the hub did recorded for tracking) and
     * its receipt put in the sender's inbox. The receipt's id.
     */
    String decide(Row sent, int fileSize, Receipt receipt) {
        String receiptId = TimeOrderedIds.next();
        Timestamp now = Timestamp.from(Instant.now(clock));
        tx.executeWithoutResult(s -> {
            jdbc.update(
                    "UPDATE mesh_message SET status = ?, decided_at = ?, file_size = ?, hub_message_id = ?,"
                            + " status_code = ?, status_text = ?, linked_message_id = ? WHERE message_id = ?",
                    DECIDED,
                    now,
                    fileSize,
                    receipt.hubMessageId(),
                    receipt.statusCode(),
                    sealed(cut(receipt.statusText()), STATUS_TEXT),
                    receiptId,
                    sent.messageId());
            jdbc.update("DELETE FROM mesh_chunk WHERE message_id = ?", sent.messageId());
            jdbc.update(
                    "INSERT INTO mesh_message (message_id, sender_mailbox, recipient_mailbox, recipient_agency,"
                            + " message_type, workflow_id, local_id, subject, file_name, content_type,"
                            + " total_chunks, file_size, status, created_at, linked_message_id, hub_message_id,"
                            + " status_code, status_text)"
                            + " VALUES (?, ?, ?, ?, 'DATA', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
                    receiptId,
                    sent.recipientMailbox(),
                    sent.senderMailbox(),
                    sent.senderAgency(),
                    receipt.workflowId(),
                    sealed(sent.localId(), LOCAL_ID),
                    receipt.accepted() ? "Accepted" : "Refused",
                    receiptId + (receipt.contentType().contains("json") ? ".json" : ".hl7"),
                    receipt.contentType(),
                    receipt.body().length,
                    WAITING,
                    now,
                    sent.messageId(),
                    receipt.hubMessageId(),
                    receipt.statusCode(),
                    sealed(cut(receipt.statusText()), STATUS_TEXT));
            addChunk(receiptId, 1, receipt.body());
        });
        return receiptId;
    }

    Optional<Row> find(String id) {
        if (id == null || id.length() > 40) {
            return Optional.empty();
        }
        return jdbc.query("SELECT * FROM mesh_message WHERE message_id = ?", this::row, id).stream()
                .findFirst();
    }

    /** A hub message's content while it waits in (or was acknowledged from) an inbox. */
    Optional<byte[]> body(String id) {
        return jdbc
                .query(
                        "SELECT body FROM mesh_chunk WHERE message_id = ? AND chunk_no = 1",
                        (rs, i) -> open(rs.getBytes(1)),
                        id)
                .stream()
                .findFirst();
    }

    /** Takes a hub message out of its inbox, content and all; false if it was not waiting there. */
    boolean acknowledge(String id, String mailbox) {
        Boolean done = tx.execute(s -> {
            int updated = jdbc.update(
                    "UPDATE mesh_message SET status = ?, acknowledged_at = ? WHERE message_id = ?"
                            + " AND recipient_mailbox = ? AND status = ?",
                    ACKNOWLEDGED,
                    Timestamp.from(Instant.now(clock)),
                    id,
                    mailbox,
                    WAITING);
            jdbc.update("DELETE FROM mesh_chunk WHERE message_id = ?", id);
            return updated == 1;
        });
        return Boolean.TRUE.equals(done);
    }

    /** The hub's messages waiting in a mailbox after (at, id), as the MESH inbox lists them; see {@link MeshInbox}. */
    List<MeshInbox.Key> waiting(
            String mailbox, Instant afterAt, String afterId, String like, boolean negate, int limit) {
        List<Object> args = new java.util.ArrayList<>(List.of(mailbox, WAITING));
        StringBuilder sql = new StringBuilder(
                "SELECT message_id, created_at FROM mesh_message WHERE recipient_mailbox = ? AND status = ?");
        if (afterAt != null) {
            sql.append(" AND (created_at > ? OR (created_at = ? AND message_id > ?))");
            args.add(Timestamp.from(afterAt));
            args.add(Timestamp.from(afterAt));
            args.add(afterId);
        }
        if (like != null) {
            sql.append(negate ? " AND workflow_id NOT LIKE ?" : " AND workflow_id LIKE ?")
                    .append(" ESCAPE '\\'");
            args.add(like);
        }
        sql.append(" ORDER BY created_at, message_id FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(
                sql.toString(),
                (rs, i) -> new MeshInbox.Key(instant(rs, "created_at"), rs.getString(1)),
                args.toArray());
    }

    int countWaiting(String mailbox) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM mesh_message WHERE recipient_mailbox = ? AND status = ?",
                Integer.class,
                mailbox,
                WAITING);
        return n == null ? 0 : n;
    }

    /** The message a sender sent that the hub accepted as this hub message, if it came through MESH. */
    Optional<Row> sentAs(String hubMessageId, String senderMailbox) {
        return jdbc
                .query(
                        "SELECT * FROM mesh_message WHERE hub_message_id = ? AND sender_mailbox = ?",
                        this::row,
                        hubMessageId,
                        senderMailbox)
                .stream()
                .findFirst();
    }

    /** A non-delivery report in the sender's inbox (call within the caller's transaction); its id. */
    String report(
            String hubMailbox,
            String mailbox,
            String agency,
            String workflowId,
            Row sent,
            String hubMessageId,
            String description) {
        String id = TimeOrderedIds.next();
        jdbc.update(
                "INSERT INTO mesh_message (message_id, sender_mailbox, recipient_mailbox, recipient_agency,"
                        + " message_type, workflow_id, local_id, subject, total_chunks, status,"
                        + " created_at, linked_message_id, hub_message_id, status_code, status_text)"
                        + " VALUES (?, ?, ?, ?, 'REPORT', ?, ?, ?, 1, ?, ?, ?, ?, '14', ?)",
                id,
                hubMailbox,
                mailbox,
                agency,
                workflowId,
                sent == null ? null : sealed(sent.localId(), LOCAL_ID),
                sent == null ? null : sealed(sent.subject(), SUBJECT),
                WAITING,
                Timestamp.from(Instant.now(clock)),
                sent == null ? hubMessageId : sent.messageId(),
                hubMessageId,
                sealed(cut(description), STATUS_TEXT));
        return id;
    }

    private static String cut(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300);
    }

    static final String LOCAL_ID = "mesh_message.local_id";
    static final String SUBJECT = "mesh_message.subject";
    static final String FILE_NAME = "mesh_message.file_name";
    static final String STATUS_TEXT = "mesh_message.status_text";

    /** What a sender or the hub wrote about a message, which can name a person: sealed. */
    private String sealed(String text, String context) {
        return vault.sealText(uk.safeguarding.hub.vault.Purpose.MESH, text, context);
    }

    private String opened(String text, String context) {
        return vault.openText(uk.safeguarding.hub.vault.Purpose.MESH, text, context);
    }

    private Row row(ResultSet rs, int i) throws SQLException {
        return new Row(
                rs.getString("message_id"),
                rs.getString("sender_mailbox"),
                rs.getString("recipient_mailbox"),
                rs.getString("sender_agency"),
                rs.getString("recipient_agency"),
                rs.getString("message_type"),
                rs.getString("workflow_id"),
                opened(rs.getString("local_id"), LOCAL_ID),
                opened(rs.getString("subject"), SUBJECT),
                opened(rs.getString("file_name"), FILE_NAME),
                rs.getString("content_type"),
                rs.getString("content_encoding"),
                rs.getInt("total_chunks"),
                (Integer) rs.getObject("file_size"),
                rs.getString("status"),
                instant(rs, "created_at"),
                instant(rs, "decided_at"),
                instant(rs, "acknowledged_at"),
                rs.getString("linked_message_id"),
                rs.getString("hub_message_id"),
                rs.getString("status_code"),
                opened(rs.getString("status_text"), STATUS_TEXT));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
