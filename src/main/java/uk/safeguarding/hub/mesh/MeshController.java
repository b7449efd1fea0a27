package uk.safeguarding.hub.mesh;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.audit.Access;
import uk.safeguarding.hub.intake.IntakeProperties;

/**
 * The MESH API on the hub's HTTPS port, as NHS England publishes it (docs/connecting.md "MESH"). Every call for a
 * mailbox needs the client certificate of an agency, an {@code NHSMESH} token good for that mailbox, and the mailbox
 * being that agency's ({@link MeshMailboxes}); anything else is 403, audited with its reason. Agencies send to the
 * hub's own mailbox only, and the hub decides what they send as it decides every other message; their inbox holds
 * their shares (when the register says they collect through MESH), the hub's notices and its receipts. Both of
 * MESH's media types are answered: {@code application/vnd.mesh.v2+json} in snake case, v1 JSON in camel case.
 */
@RestController
class MeshController {

    static final MediaType V2 = MediaType.parseMediaType("application/vnd.mesh.v2+json");
    private static final DateTimeFormatter STATUS_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final MeshMailboxes mailboxes;
    private final MeshProperties properties;
    private final MeshInbox inbox;
    private final MeshStore store;
    private final MeshIntake intake;
    private final IntakeProperties limits;
    private final Clock clock;
    private final Workflows workflows;

    MeshController(
            MeshMailboxes mailboxes,
            MeshProperties properties,
            MeshInbox inbox,
            MeshStore store,
            MeshIntake intake,
            IntakeProperties limits,
            Clock clock,
            Workflows workflows) {
        this.workflows = workflows;
        this.mailboxes = mailboxes;
        this.properties = properties;
        this.inbox = inbox;
        this.store = store;
        this.intake = intake;
        this.limits = limits;
        this.clock = clock;
    }

    /** A refused call: answered at once with its status and MESH's error body. */
    static final class Refused extends RuntimeException {
        final HttpStatus status;
        final String event;
        final String code;
        final String messageId;

        Refused(HttpStatus status, String event, String code, String message, String messageId) {
            super(message, null, false, false);
            this.status = status;
            this.event = event;
            this.code = code;
            this.messageId = messageId;
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(Refused.class)
    ResponseEntity<Map<String, Object>> refused(Refused refused, HttpServletRequest request) {
        request.setAttribute(Access.REFUSED_BECAUSE, refused.getMessage());
        return error(
                isV2(request), refused.status, refused.event, refused.code, refused.getMessage(), refused.messageId);
    }

    /** Whether MESH is up here; asks for no token. */
    @GetMapping("/messageexchange/_ping")
    ResponseEntity<Map<String, Object>> ping() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mesh_build_version", "safeguarding-hub");
        body.put("mesh_deployment_environment", "safeguarding-hub");
        body.put("mesh_server", "safeguarding-hub");
        body.put("timestamp", Instant.now(clock).toString());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The handshake a MESH client makes first (and once a day): the mailbox, if the caller may use it. */
    @PostMapping("/messageexchange/{mailbox}")
    ResponseEntity<Map<String, Object>> handshake(
            @PathVariable String mailbox, HttpServletRequest request, Principal certificate) {
        caller(mailbox, request, certificate);
        boolean v2 = isV2(request);
        return json(v2, HttpStatus.OK, Map.of(v2 ? "mailbox_id" : "mailboxId", mailbox));
    }

    // ---- sending to the hub ----

    /**
     * Sends a message to the hub: the whole of it, or its first chunk ({@code mex-Chunk-Range: 1:n}). A whole message
     * is decided before the answer; a chunked one when its last chunk arrives. 202 with the MESH message id.
     */
    @PostMapping("/messageexchange/{mailbox}/outbox")
    ResponseEntity<Map<String, Object>> send(
            @PathVariable String mailbox,
            @RequestHeader(value = "mex-To", required = false) String to,
            @RequestHeader(value = "mex-WorkflowID", required = false) String workflowId,
            @RequestHeader(value = "mex-Chunk-Range", required = false) String chunkRange,
            @RequestHeader(value = HttpHeaders.CONTENT_ENCODING, required = false) String contentEncoding,
            HttpServletRequest request,
            Principal certificate)
            throws IOException {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        if (to == null || to.isBlank()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "SEND", "08", "Missing Mex-To header", null);
        }
        String encoding = encoding(contentEncoding, null);
        int[] range = chunkRange(chunkRange, 1);
        if (!to.strip().equalsIgnoreCase(properties.hubMailbox())) {
            throw new Refused(
                    HttpStatus.EXPECTATION_FAILED,
                    "SEND",
                    "12",
                    "Unregistered to address: agencies send to the hub's mailbox " + properties.hubMailbox() + " only",
                    null);
        }
        if (workflowId == null || workflows.event(workflowId.strip()).isEmpty()) {
            throw new Refused(
                    HttpStatus.EXPECTATION_FAILED,
                    "SEND",
                    "17",
                    "Workflow ID not registered for mailbox: send with the workflow id of the message's event"
                            + " (GET /fhir/metadata lists them)",
                    null);
        }
        byte[] chunk = body(request, caller);
        MeshStore.Sent sent = new MeshStore.Sent(
                caller.mailbox(),
                caller.agency().id(),
                properties.hubMailbox(),
                workflowId.strip(),
                request.getHeader("mex-LocalID"),
                request.getHeader("mex-Subject"),
                request.getHeader("mex-FileName"),
                firstNonBlank(request.getHeader("mex-Content-Type"), request.getContentType()),
                encoding,
                range[1]);
        String id = store.receive(sent, chunk);
        if (range[1] == 1) {
            decideOrSendAgain(id, true);
        }
        boolean v2 = isV2(request);
        return json(v2, HttpStatus.ACCEPTED, Map.of(v2 ? "message_id" : "messageID", id));
    }

    /** A further chunk of a message being sent; a chunk sent again is taken once. The last one has it decided. */
    @PostMapping("/messageexchange/{mailbox}/outbox/{messageId}/{chunk}")
    ResponseEntity<Map<String, Object>> sendChunk(
            @PathVariable String mailbox,
            @PathVariable String messageId,
            @PathVariable String chunk,
            @RequestHeader(value = "mex-Chunk-Range", required = false) String chunkRange,
            @RequestHeader(value = HttpHeaders.CONTENT_ENCODING, required = false) String contentEncoding,
            HttpServletRequest request,
            Principal certificate)
            throws IOException {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        MeshStore.Row sent = store.find(messageId)
                .filter(m -> m.senderMailbox().equals(caller.mailbox()))
                .orElseThrow(
                        () -> new Refused(HttpStatus.NOT_FOUND, "SEND", null, "Message does not exist", messageId));
        int n = chunkNumber(chunk, messageId);
        if (chunkRange == null || chunkRange.isBlank()) {
            throw invalidChunks(messageId);
        }
        int[] range = chunkRange(chunkRange, n);
        if (range[1] != sent.totalChunks() || n > sent.totalChunks()) {
            throw invalidChunks(messageId);
        }
        encoding(contentEncoding, sent);
        byte[] body = body(request, caller);
        boolean v2 = isV2(request);
        Map<String, Object> answer = v2 ? Map.of() : Map.of("messageID", messageId, "blockID", n);
        if (MeshStore.DECIDED.equals(sent.status())) {
            return json(v2, HttpStatus.ACCEPTED, answer); // a retry of a chunk already taken
        }
        if (MeshStore.DECIDING.equals(sent.status())) {
            throw new Refused(HttpStatus.LOCKED, "SEND", null, "the message is being decided", messageId);
        }
        // Compressed or not, a message's chunks together are never much larger than the largest message allowed.
        if (store.bytesHeld(messageId) + body.length > 2L * limits.maxBytes()) {
            store.forget(messageId);
            throw new Refused(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "SEND",
                    null,
                    "the message's chunks together pass " + 2L * limits.maxBytes()
                            + " bytes: a safeguarding message is never larger; it is dropped",
                    messageId);
        }
        store.addChunk(messageId, n, body);
        if (store.chunksHeld(messageId) == sent.totalChunks()) {
            decideOrSendAgain(messageId, false);
        }
        return json(v2, HttpStatus.ACCEPTED, answer);
    }

    /** Has the whole message decided; if the hub cannot now, nothing is kept and the sender is told to send again. */
    private void decideOrSendAgain(String id, boolean whole) {
        if (!store.claim(id)) {
            return; // another request is deciding it
        }
        MeshStore.Row sent = store.find(id).orElseThrow();
        byte[] content = store.content(id);
        MeshIntake.Outcome outcome =
                intake.decide(content, "gzip".equals(sent.contentEncoding()), sent.senderAgency(), sent.workflowId());
        if (outcome.kind() == MeshIntake.Kind.AGAIN) {
            store.release(id);
            if (whole) {
                store.forget(id);
            }
            throw new Refused(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "SEND",
                    null,
                    "not accepted: the hub could not store it now; send it again",
                    whole ? null : id);
        }
        boolean accepted = outcome.kind() == MeshIntake.Kind.ACCEPTED;
        store.decide(
                sent,
                content.length,
                new MeshStore.Receipt(
                        workflows.receipt(),
                        accepted,
                        outcome.hubMessageId(),
                        accepted ? "00" : null,
                        accepted
                                ? "Accepted by the hub as " + outcome.hubMessageId()
                                : "Refused by the hub (" + outcome.status() + "): the receipt in your inbox says why",
                        outcome.contentType(),
                        outcome.answer()));
    }

    /** What the sender may know of a message it sent: accepted or refused, and its receipt's id. */
    @GetMapping("/messageexchange/{mailbox}/outbox/tracking")
    ResponseEntity<Map<String, Object>> tracking(
            @PathVariable String mailbox,
            @RequestParam(value = "messageID", required = false) String messageId,
            @RequestParam(value = "message_id", required = false) String messageIdV2,
            HttpServletRequest request,
            Principal certificate) {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        String id = messageId != null ? messageId : messageIdV2;
        MeshStore.Row sent = store.find(id)
                .filter(m -> m.senderMailbox().equals(caller.mailbox()))
                .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND, "TRACK", null, "Message does not exist", id));
        return json(isV2(request), HttpStatus.OK, tracking(sent, isV2(request)));
    }

    private Map<String, Object> tracking(MeshStore.Row m, boolean v2) {
        boolean decided = MeshStore.DECIDED.equals(m.status());
        boolean accepted = decided && m.hubMessageId() != null;
        String status = decided ? "Acknowledged" : "Uploading";
        String description = decided ? m.statusText() : "Waiting for the rest of its chunks";
        Map<String, Object> t = new LinkedHashMap<>();
        if (v2) {
            t.put("message_id", m.messageId());
            t.put("local_id", m.localId());
            t.put("workflow_id", m.workflowId());
            t.put("filename", m.fileName());
            t.put("upload_timestamp", m.createdAt().toString());
            t.put("recipient", m.recipientMailbox());
            t.put("recipient_name", "Safeguarding Hub");
            t.put("status_success", decided ? accepted : null);
            t.put("status", status);
            t.put("status_event", decided ? "TRANSFER" : null);
            t.put("status_timestamp", decided ? m.decidedAt().toString() : null);
            t.put("status_description", description);
            t.put("status_code", m.statusCode());
            t.put("linked_message_id", m.linkedMessageId());
        } else {
            t.put("messageId", m.messageId());
            t.put("dtsId", m.messageId());
            t.put("localId", m.localId());
            t.put("workflowId", m.workflowId());
            t.put("fileName", m.fileName());
            t.put("fileSize", m.fileSize() == null ? 0 : m.fileSize());
            t.put("messageType", m.messageType());
            t.put("sender", m.senderMailbox());
            t.put("recipient", m.recipientMailbox());
            t.put("recipientName", "Safeguarding Hub");
            t.put("status", status);
            t.put("statusSuccess", decided ? (accepted ? "SUCCESS" : "ERROR") : null);
            t.put("statusEvent", decided ? "TRANSFER" : null);
            t.put("statusDescription", description);
            t.put("statusCode", m.statusCode());
            t.put("statusTimestamp", decided ? STATUS_TIME.format(m.decidedAt()) : null);
            t.put("uploadTimestamp", STATUS_TIME.format(m.createdAt()));
            t.put("linkedMsgId", m.linkedMessageId());
            t.put("version", "1.0");
        }
        t.values().removeIf(java.util.Objects::isNull);
        return t;
    }

    // ---- the agency's inbox ----

    @GetMapping("/messageexchange/{mailbox}/inbox")
    ResponseEntity<Map<String, Object>> list(
            @PathVariable String mailbox,
            @RequestParam(value = "max_results", required = false) Integer maxResults,
            @RequestParam(value = "continue_from", required = false) String continueFrom,
            @RequestParam(value = "workflow_filter", required = false) String workflowFilter,
            HttpServletRequest request,
            Principal certificate) {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        int max = maxResults == null ? 500 : maxResults;
        if (max < 10 || max > 5000) {
            throw new Refused(HttpStatus.BAD_REQUEST, "INBOX", null, "max_results must be from 10 to 5000", null);
        }
        MeshInbox.Page page;
        try {
            page = inbox.list(caller, max, continueFrom, workflowFilter);
        } catch (IllegalArgumentException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "INBOX", null, e.getMessage(), null);
        }
        boolean v2 = isV2(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", page.messageIds());
        if (v2) {
            body.put("approx_inbox_count", inbox.count(caller));
            Map<String, String> links = new LinkedHashMap<>();
            links.put("self", inboxLink(caller.mailbox(), maxResults, workflowFilter, null));
            if (page.continueFrom() != null) {
                links.put("next", inboxLink(caller.mailbox(), maxResults, workflowFilter, page.continueFrom()));
            }
            body.put("links", links);
        }
        return json(v2, HttpStatus.OK, body);
    }

    private static String inboxLink(String mailbox, Integer max, String filter, String continueFrom) {
        var uri = org.springframework.web.util.UriComponentsBuilder.fromPath("/messageexchange/{mailbox}/inbox");
        if (max != null) {
            uri.queryParam("max_results", max);
        }
        if (filter != null && !filter.isBlank()) {
            uri.queryParam("workflow_filter", filter);
        }
        if (continueFrom != null) {
            uri.queryParam("continue_from", continueFrom);
        }
        return uri.encode().buildAndExpand(mailbox).toUriString();
    }

    @GetMapping("/messageexchange/{mailbox}/count")
    ResponseEntity<Map<String, Object>> count(
            @PathVariable String mailbox, HttpServletRequest request, Principal certificate) {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        int count = inbox.count(caller);
        boolean v2 = isV2(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", count);
        if (!v2) {
            body.put("internalID", UUID.randomUUID().toString());
            body.put("allResultsIncluded", true);
        }
        return json(v2, HttpStatus.OK, body);
    }

    /**
     * Downloads a message, or one chunk of it (206 while more follow), gzipped when the client accepts it. The first
     * download of a share is its fetch, recorded with the audit entry of the read.
     */
    @RequestMapping(
            value = {
                "/messageexchange/{mailbox}/inbox/{messageId}",
                "/messageexchange/{mailbox}/inbox/{messageId}/{chunk}"
            },
            method = {RequestMethod.GET, RequestMethod.HEAD})
    ResponseEntity<byte[]> download(
            @PathVariable String mailbox,
            @PathVariable String messageId,
            @PathVariable(required = false) String chunk,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            HttpServletRequest request,
            Principal certificate)
            throws IOException {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        MeshInbox.Found found = inbox.find(caller, messageId);
        if (found == MeshInbox.Found.NOT_THE_CALLERS) {
            throw new Refused(HttpStatus.NOT_FOUND, "DOWNLOAD", null, "Message does not exist", messageId);
        }
        var download = found == MeshInbox.Found.THERE
                ? inbox.download(caller, messageId, properties.hubMailbox())
                : java.util.Optional.<MeshInbox.Download>empty();
        if (download.isEmpty()) {
            throw new Refused(HttpStatus.GONE, "DOWNLOAD", null, "Message already acknowledged or recalled", messageId);
        }
        MeshInbox.Download d = download.get();
        byte[] content = d.content() == null ? new byte[0] : d.content();
        int size = (int) Math.min(Integer.MAX_VALUE, properties.chunkSize().toBytes());
        int total = Math.max(1, (content.length + size - 1) / size);
        int n = chunk == null ? 1 : chunkNumber(chunk, messageId);
        if (n > total) {
            throw new Refused(HttpStatus.NOT_FOUND, "DOWNLOAD", null, "Message does not exist", messageId);
        }
        byte[] part = java.util.Arrays.copyOfRange(content, (n - 1) * size, Math.min(content.length, n * size));
        HttpHeaders headers = new HttpHeaders();
        headers.set("mex-MessageID", d.messageId());
        headers.set("mex-MessageType", d.messageType());
        headers.set("mex-From", d.fromMailbox());
        headers.set("mex-To", caller.mailbox());
        headers.set("mex-WorkflowID", d.workflowId());
        headers.set("mex-Chunk-Range", n + ":" + total);
        headers.set("mex-Total-Chunks", String.valueOf(total));
        headers.set("mex-AddressType", "ALL");
        headers.set("mex-Version", "1.0");
        setIf(headers, "mex-LocalID", d.localId());
        setIf(headers, "mex-Subject", d.subject());
        setIf(headers, "mex-FileName", d.fileName());
        setIf(headers, "mex-Content-Type", d.contentType());
        setIf(headers, "mex-LinkedMsgID", d.linkedMessageId());
        if (d.encrypted()) {
            headers.set("mex-Content-Encrypted", "Y");
        }
        boolean report = "REPORT".equals(d.messageType());
        headers.set("mex-StatusSuccess", report ? "ERROR" : "SUCCESS");
        headers.set("mex-StatusEvent", "TRANSFER");
        headers.set("mex-StatusCode", report ? d.statusCode() : "00");
        headers.set("mex-StatusDescription", report ? d.statusText() : "Transferred to recipient mailbox");
        headers.set("mex-StatusTimestamp", STATUS_TIME.format(d.at()));
        headers.setLastModified(d.at());
        if (acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip") && part.length > 0) {
            part = gzip(part);
            headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
            headers.set("mex-Content-Compressed", "Y");
        }
        headers.setContentType(
                total == 1 && d.contentType() != null
                        ? MediaType.parseMediaType(d.contentType())
                        : MediaType.APPLICATION_OCTET_STREAM);
        if ("GET".equals(request.getMethod()) && d.share()) {
            request.setAttribute(Access.WITH_ENTRY, (Runnable) () -> inbox.markFetched(messageId));
        }
        // HEAD describes the message: 200, whatever its chunks.
        HttpStatus status = n < total && "GET".equals(request.getMethod()) ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK;
        return ResponseEntity.status(status).headers(headers).body(part);
    }

    /** Acknowledges a message: for a share, the hub's acknowledgement of its delivery; it leaves the inbox. */
    @PutMapping("/messageexchange/{mailbox}/inbox/{messageId}/status/acknowledged")
    ResponseEntity<Map<String, Object>> acknowledge(
            @PathVariable String mailbox,
            @PathVariable String messageId,
            HttpServletRequest request,
            Principal certificate) {
        MeshMailboxes.Caller caller = caller(mailbox, request, certificate);
        if (!inbox.acknowledge(caller, messageId)) {
            throw new Refused(HttpStatus.NOT_FOUND, "ACKNOWLEDGE", null, "Message does not exist", messageId);
        }
        boolean v2 = isV2(request);
        return json(v2, HttpStatus.OK, v2 ? Map.of() : Map.of("messageId", messageId));
    }

    // ---- directory ----

    /**
     * Where to send a workflow for an organisation: through the hub, every safeguarding workflow goes to the hub's
     * own mailbox, whatever the organisation (the hub decides who receives it); other workflows have no address here.
     */
    @GetMapping("/messageexchange/endpointlookup/{odsCode}/{workflowId}")
    ResponseEntity<Map<String, Object>> endpointLookup(
            @PathVariable String odsCode,
            @PathVariable String workflowId,
            HttpServletRequest request,
            Principal certificate) {
        anyCaller(request, certificate);
        return json(isV2(request), HttpStatus.OK, directory(workflowId, isV2(request)));
    }

    @GetMapping("/messageexchange/workflowsearch/{workflowId}")
    ResponseEntity<Map<String, Object>> workflowSearch(
            @PathVariable String workflowId, HttpServletRequest request, Principal certificate) {
        anyCaller(request, certificate);
        return json(isV2(request), HttpStatus.OK, directory(workflowId, isV2(request)));
    }

    private Map<String, Object> directory(String workflowId, boolean v2) {
        List<Map<String, Object>> results = new ArrayList<>();
        if (workflows.event(workflowId).isPresent()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("address", properties.hubMailbox());
            r.put("description", "Safeguarding Hub");
            r.put(v2 ? "endpoint_type" : "endpointType", "MESH");
            results.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!v2) {
            body.put("query_id", UUID.randomUUID().toString());
        }
        body.put("results", results);
        return body;
    }

    // ---- the checks every call makes ----

    private MeshMailboxes.Caller caller(String mailbox, HttpServletRequest request, Principal certificate) {
        MeshMailboxes.Checked checked = mailboxes.check(
                mailbox, request.getHeader(HttpHeaders.AUTHORIZATION), certificate, request.getRemoteAddr());
        if (checked.caller() == null) {
            throw new Refused(HttpStatus.FORBIDDEN, "AUTHENTICATION", null, checked.refused(), null);
        }
        return checked.caller();
    }

    /** A directory call: a token good for a mailbox of the certificate's agency (the token names which). */
    private void anyCaller(HttpServletRequest request, Principal certificate) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String mailbox = MeshToken.parse(header).map(MeshToken::mailbox).orElse(null);
        caller(mailbox, request, certificate);
    }

    private byte[] body(HttpServletRequest request, MeshMailboxes.Caller caller) throws IOException {
        int limit = limits.maxBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(limit + 1);
        }
        if (body.length == 0) {
            throw new Refused(HttpStatus.EXPECTATION_FAILED, "SEND", "02", "MissingDataFile", null);
        }
        if (body.length > limit) {
            throw new Refused(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "SEND",
                    null,
                    "a chunk may be at most " + limit + " bytes here: a safeguarding message is never larger",
                    null);
        }
        return body;
    }

    private static String encoding(String contentEncoding, MeshStore.Row sent) {
        String e = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (!e.isEmpty() && !e.equals("gzip")) {
            throw new Refused(
                    HttpStatus.UNPROCESSABLE_ENTITY, "SEND", null, "UnsupportedContentEncoding: gzip only", null);
        }
        String encoding = e.isEmpty() ? null : e;
        if (sent != null && !java.util.Objects.equals(encoding, sent.contentEncoding())) {
            throw new Refused(
                    HttpStatus.EXPECTATION_FAILED, "SEND", "06", "cannot change content encoding", sent.messageId());
        }
        return encoding;
    }

    /** {@code n:total} for chunk {@code n}; absent means 1:1 on the first chunk. */
    private static int[] chunkRange(String header, int n) {
        if (header == null || header.isBlank()) {
            if (n != 1) {
                throw invalidChunks(null);
            }
            return new int[] {1, 1};
        }
        String[] parts = header.strip().split(":");
        if (parts.length != 2) {
            throw invalidChunks(null);
        }
        try {
            int no = Integer.parseInt(parts[0].strip());
            int total = Integer.parseInt(parts[1].strip());
            if (no != n || no < 1 || no > total || total > 1000) {
                throw invalidChunks(null);
            }
            return new int[] {no, total};
        } catch (NumberFormatException e) {
            throw invalidChunks(null);
        }
    }

    private static int chunkNumber(String chunk, String messageId) {
        try {
            int n = Integer.parseInt(chunk);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Refused(HttpStatus.NOT_FOUND, "SEND", null, "Message does not exist", messageId);
    }

    private static Refused invalidChunks(String messageId) {
        return new Refused(HttpStatus.EXPECTATION_FAILED, "SEND", "06", "InvalidHeaderChunks", messageId);
    }

    private static boolean isV2(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("vnd.mesh.v2");
    }

    private static ResponseEntity<Map<String, Object>> json(boolean v2, HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status)
                .contentType(v2 ? V2 : MediaType.APPLICATION_JSON)
                .body(body);
    }

    /** MESH's error body: v2 {@code detail}, v1 {@code errorEvent}, {@code errorCode}, {@code errorDescription}. */
    private static ResponseEntity<Map<String, Object>> error(
            boolean v2, HttpStatus status, String event, String code, String description, String messageId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (v2) {
            if (messageId != null) {
                body.put("message_id", messageId);
            }
            body.put("internal_id", UUID.randomUUID().toString());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("event", event);
            if (code != null) {
                detail.put("code", code);
            }
            detail.put("msg", description);
            body.put("detail", List.of(detail));
        } else {
            if (messageId != null) {
                body.put("messageID", messageId);
            }
            body.put("errorEvent", event);
            body.put("errorCode", code == null ? "" : code);
            body.put("errorDescription", description);
        }
        return json(v2, status, body);
    }

    private static void setIf(HttpHeaders headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.set(name, value);
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
