package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;

/**
 * The SciJava command and the ImageJ1 dialog take the same parameters under the same names, so a
 * macro or script can use either. (PluginGuiTest checks that the running dialog records exactly
 * {@link DialogParameters#KEYS}.)
 */
class CommandParametersTest {

	@Test
	void sciJavaInputParametersAreTheDialogsMacroKeys() {
		Set<String> command = Arrays.stream(NeuralStyleCommand.class.getDeclaredFields())
			.filter(f -> f.isAnnotationPresent(Parameter.class))
			// Services are injected, messages only show text, outputs are results: none is a macro key.
			.filter(f -> !Service.class.isAssignableFrom(f.getType()))
			.filter(f -> f.getAnnotation(Parameter.class).visibility() != ItemVisibility.MESSAGE)
			.filter(f -> f.getAnnotation(Parameter.class).type() == ItemIO.INPUT)
			.map(Field::getName).collect(Collectors.toCollection(TreeSet::new));
		assertEquals(new TreeSet<>(DialogParameters.KEYS), command);
	}
}
