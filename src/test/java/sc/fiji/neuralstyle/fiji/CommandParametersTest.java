package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;

import ij.ImagePlus;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;

/** The SciJava command's inputs are the SciJava rows of the parameter table: names, types, defaults, choices, ranges. */
class CommandParametersTest {

	private Context context;

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	@BeforeEach
	void context() {
		context = new Context();
	}

	@AfterEach
	void dispose() {
		context.dispose();
	}

	@Test
	void inputsAreTheTablesRows() {
		Module module = context.service(ModuleService.class)
			.createModule(context.service(CommandService.class).getCommand(NeuralStyleCommand.class));
		List<String> inputs = new ArrayList<>();
		for (ModuleItem<?> item : module.getInfo().inputs()) {
			// Services and the context are injected, not given.
			if (!Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class) inputs.add(item.getName());
		}
		List<String> expected = new ArrayList<>();
		for (Param<?> p : Params.on(Front.SCIJAVA)) {
			expected.add(p.name());
			for (int k = 2; k <= p.slots(); k++) expected.add(p.name() + "_" + k); // style_2, style_3
		}
		assertEquals(expected, inputs, "names, in table order");
		for (Param<?> p : Params.on(Front.SCIJAVA)) {
			ModuleItem<?> item = module.getInfo().getInput(p.name());
			assertNotNull(item, p.name());
			assertEquals(p.label(), item.getLabel(), p.name());
			assertEquals(p.help(), item.getDescription(), p.name());
			assertEquals(p.requiredOn(Front.SCIJAVA) && !Params.sparedByModel(p), item.isRequired(), p.name());
			Class<?> type = p.isList() && p.kind() != Kind.IMAGE ? String.class : switch (p.kind()) {
				case IMAGE -> ImagePlus.class;
				case INPUT_FILE, OUTPUT_FILE -> File.class;
				case INTEGER -> p.type();
				case NUMBER -> Double.class;
				case FLAG -> Boolean.class;
				case CHOICE, TEXT -> String.class;
			};
			assertEquals(type, item.getType(), p.name());
			Object expectedDefault = p.isList() && p.kind() != Kind.IMAGE ? p.defaultText() : switch (p.kind()) {
				case IMAGE, INPUT_FILE, OUTPUT_FILE -> null;
				case CHOICE, TEXT -> p.defaultText();
				default -> p.defaultValue();
			};
			assertEquals(expectedDefault, item.getDefaultValue(), "default of " + p.name());
			if (p.kind() == Kind.CHOICE && !p.isOpenChoice()) assertEquals(p.choices(), item.getChoices(), p.name());
			if (p.min() != null) assertEquals(p.min(), ((Number) item.getMinimumValue()).doubleValue(), 0.5, p.name());
			if (p.max() != null) assertEquals(p.max(), ((Number) item.getMaximumValue()).doubleValue(), 0.5, p.name());
		}
	}
}
