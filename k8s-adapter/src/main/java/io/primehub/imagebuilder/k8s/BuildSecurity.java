package io.primehub.imagebuilder.k8s;

import io.kubernetes.client.openapi.models.V1AppArmorProfile;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much the build container may do. buildah builds as root with {@code chroot} isolation and the {@code vfs}
 * storage driver either way; docs/builds.md ("Trust model") says what each mode grants and why.
 */
public enum BuildSecurity {

    /** {@code privileged: true}: every capability and every host device. Works wherever buildah works. */
    PRIVILEGED("privileged"),
    /**
     * Not privileged: all capabilities dropped but {@link #CAPABILITIES}, no privilege escalation, no host devices.
     * {@code chroot} isolation still needs {@code SYS_ADMIN} for the mount namespace of each {@code RUN} step, and
     * the syscalls it makes are outside the runtime's default seccomp and AppArmor profiles, so both are
     * {@code Unconfined}.
     */
    CAPABILITIES("capabilities");

    /**
     * The capabilities of {@link #CAPABILITIES} mode: {@code SYS_ADMIN} for the mount namespace of each {@code RUN}
     * step, and the capabilities buildah gives the process of a {@code RUN} step (its default set: {@code CHOWN},
     * {@code DAC_OVERRIDE}, {@code FOWNER}, {@code FSETID}, {@code KILL}, {@code NET_BIND_SERVICE}, {@code SETFCAP},
     * {@code SETGID}, {@code SETPCAP}, {@code SETUID}, {@code SYS_CHROOT}), which it can only give when it has them.
     */
    public static final List<String> CAPABILITIES_ADDED = List.of(
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_ADMIN",
            "SYS_CHROOT");

    private final String wireName;

    BuildSecurity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The build container's security context in this mode; it runs as root either way. */
    public V1SecurityContext securityContext() {
        if (this == PRIVILEGED) {
            return new V1SecurityContext().privileged(true).runAsUser(0L);
        }
        return new V1SecurityContext()
                .privileged(false)
                .allowPrivilegeEscalation(false)
                .runAsUser(0L)
                .capabilities(new V1Capabilities().drop(List.of("ALL")).add(CAPABILITIES_ADDED))
                .seccompProfile(new V1SeccompProfile().type("Unconfined"))
                .appArmorProfile(new V1AppArmorProfile().type("Unconfined"));
    }

    public static Optional<BuildSecurity> fromWire(String text) {
        for (BuildSecurity security : values()) {
            if (security.wireName.equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(security);
            }
        }
        return Optional.empty();
    }
}
