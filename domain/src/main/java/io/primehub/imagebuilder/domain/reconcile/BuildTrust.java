package io.primehub.imagebuilder.domain.reconcile;

import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.JobOrigin;
import io.primehub.imagebuilder.domain.model.Revision;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a job may be built, and as what. Anyone allowed to write ImageSpecJobs could write one that names a spec
 * as its owner and a push target, push secret or pull secret of their choosing; so a job is built only as its owner
 * plans it now: same name, same base image and packages (its revision), and the push target, push secret and pull
 * secret that the owner and the controller's settings give, whatever the job says.
 *
 * <ul>
 *   <li>No owner the controller reconciles: {@link Verdict#refuse refused}, and the job's status says so.</li>
 *   <li>The owner builds nothing now, or plans another job (an older revision, which it supersedes): not built, not
 *       written; the owner's reconciler reports on it.</li>
 *   <li>An ImageSpec's job whose base image and packages are not its revision's (its name says the revision):
 *       refused. An Image's job that differs from its Image is not built: the image reconciler rebuilds it as the
 *       Image asks.</li>
 *   <li>Otherwise built as the owner plans it, with the job's update time.</li>
 * </ul>
 */
public final class BuildTrust {

    private BuildTrust() {}

    /** The verdict: build {@code job}, wait (no write), or refuse with a reason for the status. */
    public record Verdict(Optional<ImageSpecJob> build, Optional<String> refusal) {

        public Verdict {
            Objects.requireNonNull(build, "build");
            Objects.requireNonNull(refusal, "refusal");
        }

        static Verdict build(ImageSpecJob job) {
            return new Verdict(Optional.of(job), Optional.empty());
        }

        static Verdict waitForOwner() {
            return new Verdict(Optional.empty(), Optional.empty());
        }

        static Verdict refuse(String why) {
            return new Verdict(Optional.empty(), Optional.of(why));
        }
    }

    public static Verdict verify(ImageSpecJob job, OwnerPlan owner) {
        if (owner instanceof OwnerPlan.Missing missing) {
            return Verdict.refuse("not built: " + missing.why()
                    + "; the controller builds only jobs that a spec or Image it reconciles asks for");
        }
        if (!(owner instanceof OwnerPlan.Plans plans)) {
            return Verdict.waitForOwner();
        }
        ImageSpecJob planned = plans.job();
        if (!planned.name().equals(job.name())) {
            return Verdict.waitForOwner();
        }
        Revision content = Revision.of(job.baseImage(), job.packages());
        if (!content.equals(planned.revision())) {
            if (job.origin() == JobOrigin.IMAGE) {
                return Verdict.waitForOwner();
            }
            return Verdict.refuse("not built: its base image and packages (revision " + content + ") are not those of "
                    + job.origin().ownerKind() + " " + planned.specName() + " (revision " + planned.revision()
                    + "); the controller builds only what a spec asks for");
        }
        return Verdict.build(planned.withUpdateTime(job.updateTime()));
    }
}
