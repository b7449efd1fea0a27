package uk.safeguarding.hub.system.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/**
 * The hub roles of a person signed in through OpenID Connect: only those the configured claim-to-role mapping
 * gives (hub.oidc.roles); the provider's scopes and other authorities are dropped, so nothing else grants access.
 */
class OidcRoles implements GrantedAuthoritiesMapper {

    private final OidcProperties properties;

    OidcRoles(OidcProperties properties) {
        this.properties = properties;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> given) {
        Set<GrantedAuthority> roles = new LinkedHashSet<>();
        for (GrantedAuthority authority : given) {
            if (authority instanceof OidcUserAuthority oidc) {
                Object claim = oidc.getIdToken().getClaims().get(properties.roleClaim());
                if (claim == null && oidc.getUserInfo() != null) {
                    claim = oidc.getUserInfo().getClaims().get(properties.roleClaim());
                }
                List<Object> values = new java.util.ArrayList<>();
                if (claim instanceof Collection<?> many) {
                    values.addAll(many);
                } else if (claim != null) {
                    values.add(claim);
                }
                for (Object value : values) {
                    String role = properties.roles().get(String.valueOf(value));
                    if (role != null) {
                        roles.add(new SimpleGrantedAuthority("ROLE_" + role));
                    }
                }
            }
        }
        return roles;
    }
}
