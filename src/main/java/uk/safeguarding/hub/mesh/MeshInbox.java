package uk.safeguarding.hub.mesh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.Acknowledgements;
import uk.safeguarding.hub.delivery.Mailbox;
import uk.safeguarding.hub.delivery.MeshShares;

/**
 * An agency's MESH inbox: the shares waiting for it there (delivery records queued to {@code mesh}, their MESH
 * message id the delivery id; notices included) and the hub's receipts to it, oldest first. Downloading a share
 * is a fetch and acknowledging it the hub's acknowledgement, exactly as through the mailbox API (same audit, same
 * recall rules); a share in a MESH inbox is never handed out any other way.
 */
@Component
class MeshInbox {

    /** One page of message ids, and where the next page starts (null on the last). */
    record Page(List<String> messageIds, String continueFrom) {}

    /** What a download answers: the message's headers and its content (null for a report). */
    record Download(
            String messageId,
            String messageType,
            String fromMailbox,
            String workflowId,
            String localId,
            String subject,
            String fileName,
            String contentType,
            boolean encrypted,
            String linkedMessageId,
            String statusCode,
            String statusText,
            Instant at,
            byte[] content,
            boolean share) {}

    /** The inbox has it, it was there and is gone (acknowledged, recalled), or it never was the caller's. */
    enum Found {
        THERE,
        GONE,
        NOT_THE_CALLERS
    }

    private final Mailbox mailbox;
    private final MeshShares shares;
    private final Acknowledgements acknowledgements;
    private final MeshStore store;
    private final Workflows workflows;

    MeshInbox(
            Mailbox mailbox,
            MeshShares shares,
            Acknowledgements acknowledgements,
            MeshStore store,
            Workflows workflows) {
        this.workflows = workflows;
        this.mailbox = mailbox;
        this.shares = shares;
        this.acknowledgements = acknowledgements;
        this.store = store;
    }

    /**
     * At most {@code max} ids after {@code continueFrom} (a key this method gave), those whose workflow id passes
     * the filter: MESH's forms, {@code ID} exactly, {@code ID*} begins with, {@code *ID*} contains, each negated by
     * a leading {@code !}. Shares and the hub's own messages, merged oldest first.
     */
    Page list(MeshMailboxes.Caller caller, int max, String continueFrom, String workflowFilter) {
        Key after = Key.parse(continueFrom);
        Filter filter = Filter.of(workflowFilter);
        Instant afterAt = after == null ? null : after.at();
        String afterId = after == null ? null : after.id();
        List<Key> keys = new ArrayList<>();
        // Shares: by the events whose workflow ids pass the filter (one id per event, from the configuration).
        List<String> events = filter.like() == null
                ? null
                : workflows.byCode().entrySet().stream()
                        .filter(e -> filter.matches(e.getValue()))
                        .map(java.util.Map.Entry::getKey)
                        .toList();
        shares.waiting(caller.agency().id(), afterAt, afterId, events, max + 1)
                .forEach(w -> keys.add(new Key(w.at(), w.deliveryId())));
        keys.addAll(store.waiting(caller.mailbox(), afterAt, afterId, filter.like(), filter.negate(), max + 1));
        keys.sort(java.util.Comparator.comparing(Key::at).thenComparing(Key::id));
        boolean more = keys.size() > max;
        List<Key> page = more ? keys.subList(0, max) : keys;
        return new Page(
                page.stream().map(Key::id).toList(),
                more ? page.get(page.size() - 1).text() : null);
    }

    int count(MeshMailboxes.Caller caller) {
        return shares.count(caller.agency().id()) + store.countWaiting(caller.mailbox());
    }

    /**
     * A workflow filter, MESH's forms: {@code ID} exactly, {@code ID*} begins with, {@code *ID*} contains, each
     * negated by a leading {@code !}. As SQL LIKE (a backslash escaping the rest) for the hub's own messages, and
     * as a test for the workflow ids of shares' events.
     */
    record Filter(String text, String like, boolean negate) {
        static Filter of(String filter) {
            String f = filter == null ? "" : filter.strip();
            if (f.isEmpty()) {
                return new Filter("", null, false);
            }
            boolean not = f.startsWith("!");
            if (not) {
                f = f.substring(1);
            }
            String like;
            if (f.startsWith("*") && f.endsWith("*") && f.length() >= 2) {
                like = "%" + escape(f.substring(1, f.length() - 1)) + "%";
            } else if (f.endsWith("*")) {
                like = escape(f.substring(0, f.length() - 1)) + "%";
            } else {
                like = escape(f);
            }
            return new Filter(f, like, not);
        }

        boolean matches(String workflowId) {
            boolean found;
            if (text.startsWith("*") && text.endsWith("*") && text.length() >= 2) {
                found = workflowId.contains(text.substring(1, text.length() - 1));
            } else if (text.endsWith("*")) {
                found = workflowId.startsWith(text.substring(0, text.length() - 1));
            } else {
                found = workflowId.equals(text);
            }
            return found != negate;
        }

        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }

    /** A message of the caller's inbox: a share waiting there, or a hub message waiting or acknowledged. */
    Found find(MeshMailboxes.Caller caller, String id) {
        Optional<Boolean> share = shares.waitsThere(caller.agency().id(), id);
        if (share.isPresent()) {
            return share.get() ? Found.THERE : Found.GONE;
        }
        return store.find(id)
                .filter(m -> m.recipientMailbox().equals(caller.mailbox()))
                .map(m -> MeshStore.WAITING.equals(m.status()) ? Found.THERE : Found.GONE)
                .orElse(Found.NOT_THE_CALLERS);
    }

    /** The message's headers and content, with the share's sealed copy read as the mailbox API reads it. */
    Optional<Download> download(MeshMailboxes.Caller caller, String id, String hubMailbox) {
        Optional<MeshShares.Particulars> share =
                shares.particulars(caller.agency().id(), id);
        if (share.isPresent()) {
            MeshShares.Particulars p = share.get();
            return mailbox.fetch(caller.agency().id(), id, true)
                    .map(body -> new Download(
                            id,
                            "DATA",
                            hubMailbox,
                            workflows.of(p.event()),
                            p.hubMessageId(),
                            null,
                            id + ".p7m",
                            "application/pkcs7-mime",
                            true,
                            null,
                            null,
                            null,
                            p.receivedAt(),
                            body,
                            true));
        }
        return store.find(id)
                .filter(m -> m.recipientMailbox().equals(caller.mailbox()) && MeshStore.WAITING.equals(m.status()))
                .map(m -> new Download(
                        m.messageId(),
                        m.messageType(),
                        m.senderMailbox(),
                        m.workflowId(),
                        m.localId(),
                        m.subject(),
                        m.fileName(),
                        m.contentType(),
                        false,
                        m.linkedMessageId(),
                        m.statusCode(),
                        m.statusText(),
                        m.createdAt(),
                        "REPORT".equals(m.messageType()) ? null : store.body(id).orElse(new byte[0]),
                        false));
    }

    /** The first download of a share is recorded with its audit entry: from then on it can only be recall-noticed. */
    void markFetched(String id) {
        mailbox.markFetched(id);
    }

    /** Acknowledges a share (the hub's acknowledgement) or a hub message; false if it is not the caller's. */
    boolean acknowledge(MeshMailboxes.Caller caller, String id) {
        switch (acknowledgements.acknowledge(caller.agency().id(), id, Acknowledgements.Via.MESH)) {
            case ACKNOWLEDGED, ALREADY_ACKNOWLEDGED -> {
                return true;
            }
            default -> {
                // not a share in this MESH inbox: perhaps one of the hub's own messages
            }
        }
        var message = store.find(id).filter(m -> m.recipientMailbox().equals(caller.mailbox()));
        if (message.isEmpty()) {
            return false;
        }
        return store.acknowledge(id, caller.mailbox())
                || MeshStore.ACKNOWLEDGED.equals(message.get().status());
    }

    /** Where a page ends: the last message's time and id, as an opaque {@code continue_from}. */
    record Key(Instant at, String id) {
        String text() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((at + " " + id).getBytes(StandardCharsets.UTF_8));
        }

        static Key parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                String[] parts =
                        new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8).split(" ", 2);
                return new Key(Instant.parse(parts[0]), parts[1]);
            } catch (IllegalArgumentException | java.time.DateTimeException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("continue_from is not one this hub gave");
            }
        }
    }
}
