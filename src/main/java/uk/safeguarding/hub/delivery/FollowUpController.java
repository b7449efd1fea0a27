package uk.safeguarding.hub.delivery;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/follow-up} (OPS, IG_OFFICER): the follow-up list, oldest first, with no message content. */
@RestController
public class FollowUpController {

    private final FollowUp followUp;

    public FollowUpController(FollowUp followUp) {
        this.followUp = followUp;
    }

    @GetMapping("/api/follow-up")
    public List<Map<String, Object>> open() {
        return followUp.open().stream()
                .map(row -> {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    out.put("kind", row.get("KIND"));
                    out.put("hubMessageId", row.get("HUB_MESSAGE_ID"));
                    out.put("agency", row.get("AGENCY"));
                    out.put("raisedAt", String.valueOf(row.get("RAISED_AT")));
                    out.put("noticeDeliveryId", row.get("NOTICE_DELIVERY_ID"));
                    if (row.get("REFERRED_AT") != null) {
                        out.put("referredTo", row.get("REFERRED_TO"));
                        out.put("referredAt", String.valueOf(row.get("REFERRED_AT")));
                        out.put("referralLevel", row.get("REFERRAL_LEVEL"));
                    }
                    return out;
                })
                .toList();
    }
}
