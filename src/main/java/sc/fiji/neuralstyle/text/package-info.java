/** Words for messages (counts with their nouns, rounded losses, lines of a readable width); imports nothing but the JDK, so every package may use it. */
package sc.fiji.neuralstyle.text;
