package io.primehub.imagebuilder.renderer;

import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.validation.BuildRecipe;
import io.primehub.imagebuilder.domain.validation.ImageSpecValidator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Build recipes for tests, made the only way there is: through the validator. */
final class Recipes {

    static final String BASE_IMAGE = "jupyter/base-notebook:python-3.11";

    private Recipes() {}

    static BuildRecipe recipe(String baseImage, List<String> apt, List<String> conda, List<String> pip) {
        return ImageSpecValidator.validate(baseImage, Packages.of(apt, pip, conda));
    }

    static BuildRecipe recipe(List<String> apt, List<String> conda, List<String> pip) {
        return recipe(BASE_IMAGE, apt, conda, pip);
    }

    /** A recipe whose only packages are {@code items}, for {@code manager}. */
    static BuildRecipe only(PackageManager manager, List<String> items) {
        Map<PackageManager, List<String>> lists = new EnumMap<>(PackageManager.class);
        for (PackageManager m : PackageManager.values()) {
            lists.put(m, m == manager ? items : List.of());
        }
        return recipe(lists.get(PackageManager.APT), lists.get(PackageManager.CONDA), lists.get(PackageManager.PIP));
    }
}
